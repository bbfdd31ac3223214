import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { ReplyParseError } from "./errors.js";
import { formatReply } from "./reply-format.js";
import { parseReply, type Reply, ReplyParser } from "./reply-parser.js";

const plain = (replies: Reply[]) => replies.map((r) => ({ code: r.code.value, lines: r.lines }));
const push = (parser: ReplyParser, text: string) => plain(parser.push(Buffer.from(text, "utf8")));

describe("ReplyParser", () => {
  it("parses a single-line reply", () => {
    expect(push(new ReplyParser(), "230 ok\r\n")).toEqual([{ code: "230", lines: ["ok"] }]);
  });

  it("returns Code instances", () => {
    const [reply] = new ReplyParser().push(Buffer.from("226 done\r\n"));
    expect(reply?.code).toBeInstanceOf(Code);
    expect(reply?.code.matches("2xx")).toBe(true);
  });

  it("parses a multi-line reply, body lines verbatim", () => {
    expect(push(new ReplyParser(), "211-Features:\r\n UTF8\r\n SIZE\r\n211 End\r\n")).toEqual([
      { code: "211", lines: ["Features:", " UTF8", " SIZE", "End"] },
    ]);
  });

  it("keeps body lines that start with other digits or the code and a dash (RFC 959)", () => {
    const text =
      "220-Welcome\r\n2021 was a year\r\n220-still going\r\n500 not the end\r\n220 done\r\n";
    expect(push(new ReplyParser(), text)).toEqual([
      {
        code: "220",
        lines: ["Welcome", "2021 was a year", "220-still going", "500 not the end", "done"],
      },
    ]);
  });

  it("ends a multi-line reply only at the same code followed by a space", () => {
    const parser = new ReplyParser();
    expect(push(parser, "250-a\r\n2500 no\r\n250x no\r\n")).toEqual([]);
    expect(parser.pending).toBe(true);
    expect(push(parser, "250 end\r\n")).toEqual([
      { code: "250", lines: ["a", "2500 no", "250x no", "end"] },
    ]);
    expect(parser.pending).toBe(false);
  });

  it("accepts bare LF and a code without text", () => {
    expect(push(new ReplyParser(), "200\n211-x\n211\n")).toEqual([
      { code: "200", lines: [""] },
      { code: "211", lines: ["x", ""] },
    ]);
  });

  it("returns several replies from one chunk and keeps a partial one", () => {
    const parser = new ReplyParser();
    expect(push(parser, "150 go\r\n226 done\r\n221 by")).toEqual([
      { code: "150", lines: ["go"] },
      { code: "226", lines: ["done"] },
    ]);
    expect(parser.pending).toBe(true);
    expect(push(parser, "e\r\n")).toEqual([{ code: "221", lines: ["bye"] }]);
  });

  it("handles CR and LF in different chunks and UTF-8 split inside a character", () => {
    const bytes = Buffer.from('257 "/ünï"\r\n', "utf8");
    const parser = new ReplyParser();
    const out: Reply[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...parser.push(bytes.subarray(i, i + 1)));
    expect(plain(out)).toEqual([{ code: "257", lines: ['"/ünï"'] }]);
  });

  it("accepts plain Uint8Array chunks", () => {
    const bytes = new TextEncoder().encode("200 ok\r\n");
    expect(plain(new ReplyParser().push(bytes))).toEqual([{ code: "200", lines: ["ok"] }]);
  });

  it("decodes latin1 when asked", () => {
    const bytes = Buffer.from([0x32, 0x30, 0x30, 0x20, 0xe9, 0x0d, 0x0a]);
    expect(plain(new ReplyParser({ encoding: "latin1" }).push(bytes))[0]?.lines).toEqual(["é"]);
    expect(plain(new ReplyParser().push(bytes))[0]?.lines).toEqual(["\ufffd"]);
  });

  it("skips empty lines between replies", () => {
    expect(push(new ReplyParser(), "\r\n200 a\r\n\r\n200 b\r\n")).toHaveLength(2);
  });

  it("keeps empty body lines", () => {
    expect(push(new ReplyParser(), "214-a\r\n\r\n214 b\r\n")[0]?.lines).toEqual(["a", "", "b"]);
  });

  it.each([
    ["no code", "hello\r\n"],
    ["short code", "20 x\r\n"],
    ["code followed by other text", "200ok\r\n"],
  ])("rejects a malformed line: %s", (_, text) => {
    const parser = new ReplyParser();
    expect(() => parser.push(Buffer.from(text))).toThrow(ReplyParseError);
    try {
      new ReplyParser().push(Buffer.from(text));
    } catch (error) {
      expect((error as ReplyParseError).code).toBe("ERR_FTP_REPLY_MALFORMED");
    }
  });

  it("fails on an over-long line before its end arrives (bounded memory)", () => {
    const parser = new ReplyParser({ maxLineLength: 16 });
    expect(parser.push(Buffer.from("200 0123456789ab"))).toEqual([]); // 16 bytes: still fine
    expect(() => parser.push(Buffer.from("cd"))).toThrow(
      expect.objectContaining({ code: "ERR_FTP_REPLY_TOO_LONG" }),
    );
    expect(parser.pending).toBe(false);
  });

  it("fails on an over-long line inside one chunk, allowing exactly the limit", () => {
    const parser = new ReplyParser({ maxLineLength: 10 });
    expect(plain(parser.push(Buffer.from("200 456789\r\n")))).toHaveLength(1);
    expect(() => parser.push(Buffer.from("200 4567890\r\n"))).toThrow(
      expect.objectContaining({ code: "ERR_FTP_REPLY_TOO_LONG" }),
    );
  });

  it("fails when a multi-line reply has too many lines", () => {
    const parser = new ReplyParser({ maxLines: 3 });
    expect(() => parser.push(Buffer.from("211-a\r\n b\r\n c\r\n d\r\n"))).toThrow(
      expect.objectContaining({ code: "ERR_FTP_REPLY_TOO_LONG" }),
    );
    expect(parser.pending).toBe(false);
    expect(push(parser, "211-a\r\n b\r\n211 c\r\n")).toHaveLength(1);
  });

  it("never buffers more than the line limit while fed a stream without newlines", () => {
    const parser = new ReplyParser({ maxLineLength: 1000 });
    let thrown: unknown;
    try {
      for (let i = 0; i < 100; i++) parser.push(Buffer.alloc(100, 0x41));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ReplyParseError);
  });

  it("validates its options", () => {
    expect(() => new ReplyParser({ maxLineLength: 0 })).toThrow(RangeError);
    expect(() => new ReplyParser({ maxLines: 0 })).toThrow(RangeError);
  });

  it("gives the same replies for any split of any formatted reply stream (fast-check)", () => {
    const line = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ""));
    const reply = fc.record({
      code: fc.integer({ min: 100, max: 599 }).map(String),
      lines: fc.array(line, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(reply, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        (replies, rawCuts, bareLf) => {
          let text = replies.map((r) => formatReply(r.code, r.lines)).join("");
          if (bareLf) text = text.replaceAll("\r\n", "\n");
          const bytes = Buffer.from(text, "utf8");
          const whole = plain(new ReplyParser().push(bytes));
          expect(whole.map((r) => r.code)).toEqual(replies.map((r) => r.code));
          const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const parser = new ReplyParser();
          const split: Reply[] = [];
          let at = 0;
          for (const cut of [...cuts, bytes.length]) {
            split.push(...parser.push(bytes.subarray(at, cut)));
            at = cut;
          }
          expect(plain(split)).toEqual(whole);
          expect(parser.pending).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseReply", () => {
  it("parses one complete reply, with or without the final line end", () => {
    expect(plain([parseReply("211-a\r\n b\r\n211 c\r\n")])).toEqual([
      { code: "211", lines: ["a", " b", "c"] },
    ]);
    expect(parseReply("200 ok").lines).toEqual(["ok"]);
  });

  it("rejects incomplete replies and trailing text", () => {
    expect(() => parseReply("211-a\r\n b\r\n")).toThrow(ReplyParseError);
    expect(() => parseReply("200 a\r\n200 b\r\n")).toThrow(ReplyParseError);
    expect(() => parseReply("")).toThrow(ReplyParseError);
  });
});

describe("formatReply", () => {
  it("formats single and multi-line replies", () => {
    expect(formatReply("200", "ok")).toBe("200 ok\r\n");
    expect(formatReply(new Code("257"), [])).toBe("257 \r\n");
    expect(formatReply(211, ["Features:", " UTF8", "End"])).toBe(
      "211-Features:\r\n UTF8\r\n211 End\r\n",
    );
  });

  it("indents body lines that start with a digit", () => {
    expect(formatReply(220, ["hi", "220 early end?", "2021", "bye"])).toBe(
      "220-hi\r\n 220 early end?\r\n 2021\r\n220 bye\r\n",
    );
  });

  it("splits text with line breaks so no line can end the reply early", () => {
    expect(formatReply(214, "a\r\n226 injected\nb")).toBe("214-a\r\n 226 injected\r\n214 b\r\n");
  });

  it("rejects invalid codes", () => {
    expect(() => formatReply("2000", "x")).toThrow(TypeError);
  });

  it("round-trips through parseReply (fast-check)", () => {
    const line = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ""));
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.array(line, { minLength: 1, maxLength: 6 }),
        (code, lines) => {
          const reply = parseReply(formatReply(code, lines));
          expect(reply.code.value).toBe(String(code));
          const expected = lines.map((l, i) =>
            i > 0 && i < lines.length - 1 && /^\d/.test(l) ? ` ${l}` : l,
          );
          expect(reply.lines).toEqual(expected);
        },
      ),
    );
  });
});
