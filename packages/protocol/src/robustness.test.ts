/** Parsers fed arbitrary input fail only with their documented errors (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEprt, parseEpsvResponse, parsePasvResponse, parsePort } from "./address.js";
import { AddressParseError, ListParseError, ReplyParseError } from "./errors.js";
import { parseMlsxLine } from "./list/mlsx.js";
import { parseListLine } from "./list/parse-list-line.js";
import { ReplyParser } from "./reply-parser.js";

const ENTRY_TYPES = ["file", "dir", "link", "cdir", "pdir", "unknown"];
/** Strings built from listing-like pieces, so parsers get past their first checks. */
const listingish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "-rw-r--r--",
        "drwxr-sr-x+",
        "lrwxrwxrwx",
        " ",
        "  ",
        "1",
        "1001",
        "ftp",
        "Oct",
        "05",
        "07:08",
        "2024",
        "2024-02-29",
        "->",
        "<DIR>",
        "10-05-26",
        "07:08AM",
        "1,234",
        "+",
        "/,",
        "\t",
        "type=file;",
        "size=1;",
        ";",
        "=",
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(" "));

describe("robustness", () => {
  it("LIST parsing returns a typed entry or throws ListParseError", () => {
    const now = new Date(Date.UTC(2026, 10, 23));
    fc.assert(
      fc.property(fc.oneof(listingish, fc.string()), (line) => {
        try {
          const [name, info] = parseListLine(line, { now });
          expect(typeof name).toBe("string");
          expect(ENTRY_TYPES).toContain(info.type);
          for (const value of Object.values(info)) expect(typeof value).toBe("string");
        } catch (error) {
          expect(error).toBeInstanceOf(ListParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("MLSx parsing returns a typed entry or throws ListParseError", () => {
    fc.assert(
      fc.property(fc.oneof(listingish, fc.string()), (line) => {
        try {
          expect(ENTRY_TYPES).toContain(parseMlsxLine(line)[1].type);
        } catch (error) {
          expect(error).toBeInstanceOf(ListParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("address parsers throw only AddressParseError", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const parse of [parsePasvResponse, parseEpsvResponse, parsePort, parseEprt]) {
          try {
            parse(text);
          } catch (error) {
            expect(error).toBeInstanceOf(AddressParseError);
          }
        }
      }),
    );
  });

  it("the reply parser throws only ReplyParseError on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const parser = new ReplyParser({ maxLineLength: 32, maxLines: 4 });
        for (const chunk of chunks) {
          try {
            for (const reply of parser.push(chunk)) expect(reply.code.value).toMatch(/^\d{3}$/);
          } catch (error) {
            expect(error).toBeInstanceOf(ReplyParseError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
