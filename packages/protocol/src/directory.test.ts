import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDirectoryResponse, parseDirectoryResponse, quotePath } from "./directory.js";
import { ReplyParseError } from "./errors.js";

describe("257 paths", () => {
  it("quotes with doubled quotes", () => {
    expect(quotePath('a"b')).toBe('"a""b"');
    expect(quotePath("/")).toBe('"/"');
  });

  it.each([
    ['257 "/" is the current directory', "/"],
    ['"/we""ird" is the current directory', '/we"ird'],
    ['"/new""dir" created', '/new"dir'],
    ['257 "/a b"', "/a b"],
    ['257 """"', '"'],
    ['257 ""', ""],
  ])("parses %j", (text, path) => {
    expect(parseDirectoryResponse(text)).toBe(path);
  });

  it("rejects replies without a quoted path", () => {
    expect(() => parseDirectoryResponse("257 ")).toThrow(ReplyParseError);
    expect(() => parseDirectoryResponse('257 "/unterminated')).toThrow(
      expect.objectContaining({ code: "ERR_FTP_REPLY_MALFORMED" }),
    );
  });

  it("formats with an optional comment and keeps the reply on one line", () => {
    expect(formatDirectoryResponse('/we"ird', "is the current directory")).toBe(
      '"/we""ird" is the current directory',
    );
    expect(formatDirectoryResponse("/")).toBe('"/"');
    expect(formatDirectoryResponse("/a\r\nb")).toBe('"/a\0b"');
  });

  it("round-trips any path without line breaks (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[\r\n]/.test(s)),
        fc.string(),
        (path, comment) => {
          expect(parseDirectoryResponse(`257 ${formatDirectoryResponse(path, comment)}`)).toBe(
            path,
          );
        },
      ),
    );
  });
});
