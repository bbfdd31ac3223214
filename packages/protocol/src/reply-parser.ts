import { Code } from "./code.js";
import { DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_REPLY_LINES } from "./constants.js";
import { ReplyParseError, ReplyParseErrorCode } from "./errors.js";

/**
 * One complete server reply. `lines` holds the text of every line: the `"ddd "` / `"ddd-"`
 * prefix is removed from the first and the last line, body lines are kept verbatim.
 * `"230 ok"` gives `{ code: 230, lines: ["ok"] }`.
 */
export interface Reply {
  /** The reply code. */
  code: Code;
  /** The text of the reply's lines (see {@link Reply}). */
  lines: string[];
}

/** Options of {@link ReplyParser}. */
export interface ReplyParserOptions {
  /** Longest line in bytes, without CR LF. Default {@link DEFAULT_MAX_LINE_LENGTH}. */
  maxLineLength?: number;
  /** Most lines in one reply. Default {@link DEFAULT_MAX_REPLY_LINES}. */
  maxLines?: number;
  /** How reply bytes are decoded. Default `"utf8"` (invalid bytes become U+FFFD). */
  encoding?: "utf8" | "latin1";
}

const LF = 0x0a;
const CR = 0x0d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Groups decoded reply lines into replies by the RFC 959 rules. Shared by {@link ReplyParser}
 * (bytes) and {@link parseReply} (text).
 */
class ReplyAssembler {
  readonly #maxLines: number;
  #code: string | undefined;
  #lines: string[] = [];

  constructor(maxLines: number) {
    this.#maxLines = maxLines;
  }

  get pending(): boolean {
    return this.#code !== undefined;
  }

  reset(): void {
    this.#code = undefined;
    this.#lines = [];
  }

  /** Feeds one line (without terminator); returns a reply when this line completes one. */
  line(text: string): Reply | undefined {
    const code = this.#code;
    if (code === undefined) {
      if (text.length === 0) return undefined; // stray empty line between replies
      if (
        text.length < 3 ||
        !isDigit(text.charCodeAt(0)) ||
        !isDigit(text.charCodeAt(1)) ||
        !isDigit(text.charCodeAt(2))
      ) {
        throw new ReplyParseError(
          ReplyParseErrorCode.MALFORMED,
          "Reply line does not start with a three-digit code",
          text,
        );
      }
      const sep = text.length === 3 ? 32 : text.charCodeAt(3);
      const value = text.slice(0, 3);
      if (sep === 32) return { code: new Code(value), lines: [text.slice(4)] };
      if (sep !== 45) {
        throw new ReplyParseError(
          ReplyParseErrorCode.MALFORMED,
          "Reply code must be followed by a space or '-'",
          text,
        );
      }
      this.#code = value;
      this.#lines = [text.slice(4)];
      return undefined;
    }
    if (this.#lines.length >= this.#maxLines) {
      this.reset();
      throw new ReplyParseError(
        ReplyParseErrorCode.TOO_LONG,
        `Multi-line reply has more than ${this.#maxLines} lines`,
      );
    }
    // The reply ends only at the same code followed by a space (or nothing at all).
    if (text.startsWith(code) && (text.length === 3 || text.charCodeAt(3) === 32)) {
      const lines = this.#lines;
      lines.push(text.slice(4));
      this.reset();
      return { code: new Code(code), lines };
    }
    this.#lines.push(text);
    return undefined;
  }
}

/**
 * Incremental parser of control-connection replies: push bytes as they arrive (split anywhere,
 * even byte by byte), get complete replies back. Lines end with CR LF or a bare LF. Multi-line
 * replies follow RFC 959: they start with `ddd-` and end only at a line starting with the same
 * `ddd` followed by a space; body lines in between may start with anything, digits included.
 *
 * Memory is bounded: a line longer than `maxLineLength` bytes or a reply with more than
 * `maxLines` lines raises {@link ReplyParseError} (`ERR_FTP_REPLY_TOO_LONG`) as soon as the limit
 * is passed. After any error the parser has dropped its buffered state; the connection is out
 * of step and should be closed.
 *
 * @example
 * ```ts
 * const parser = new ReplyParser();
 * parser.push(Buffer.from("211-Features:\r\n UTF8\r\n211 En")); // []
 * parser.push(Buffer.from("d\r\n")); // [{ code: Code("211"), lines: ["Features:", " UTF8", "End"] }]
 * ```
 */
export class ReplyParser {
  readonly #maxLineLength: number;
  readonly #encoding: "utf8" | "latin1";
  readonly #assembler: ReplyAssembler;
  #buffer: Buffer = Buffer.alloc(0);
  #length = 0;

  constructor(options: ReplyParserOptions = {}) {
    const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    const maxLines = options.maxLines ?? DEFAULT_MAX_REPLY_LINES;
    if (!Number.isInteger(maxLineLength) || maxLineLength < 4)
      throw new RangeError(`maxLineLength must be an integer >= 4, got ${maxLineLength}`);
    if (!Number.isInteger(maxLines) || maxLines < 1)
      throw new RangeError(`maxLines must be a positive integer, got ${maxLines}`);
    this.#maxLineLength = maxLineLength;
    this.#encoding = options.encoding ?? "utf8";
    this.#assembler = new ReplyAssembler(maxLines);
  }

  /** True while a partial line or a partial multi-line reply is buffered. */
  get pending(): boolean {
    return this.#length > 0 || this.#assembler.pending;
  }

  /** Drops everything buffered. */
  reset(): void {
    this.#length = 0;
    this.#assembler.reset();
  }

  /**
   * Feeds received bytes; returns the replies they complete (often none, sometimes several).
   * @throws {ReplyParseError} on a malformed line or a limit passed.
   */
  push(chunk: Uint8Array): Reply[] {
    const replies: Reply[] = [];
    let start = 0;
    const end = chunk.length;
    try {
      while (start < end) {
        const lf = chunk.indexOf(LF, start);
        if (lf === -1) {
          this.#append(chunk, start, end);
          break;
        }
        let text: string;
        if (this.#length === 0) {
          text = this.#decode(chunk, start, lf);
        } else {
          this.#append(chunk, start, lf);
          text = this.#decode(this.#buffer, 0, this.#length);
          this.#length = 0;
        }
        start = lf + 1;
        const reply = this.#assembler.line(text);
        if (reply !== undefined) replies.push(reply);
      }
    } catch (error) {
      this.reset();
      throw error;
    }
    return replies;
  }

  /** Decodes `bytes[from, to)` minus a trailing CR, enforcing the line length limit. */
  #decode(bytes: Uint8Array, from: number, to: number): string {
    let stop = to;
    if (stop > from && bytes[stop - 1] === CR) stop--;
    if (stop - from > this.#maxLineLength) this.#tooLong();
    const view = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return view.toString(this.#encoding, from, stop);
  }

  /** Buffers part of a line, failing as soon as it cannot fit the limit (+1 for a CR). */
  #append(bytes: Uint8Array, from: number, to: number): void {
    const needed = this.#length + (to - from);
    if (needed > this.#maxLineLength + 1) this.#tooLong();
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(Math.max(needed, this.#buffer.length * 2, 256), this.#maxLineLength + 1),
      );
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    this.#buffer.set(bytes.subarray(from, to), this.#length);
    this.#length = needed;
  }

  #tooLong(): never {
    throw new ReplyParseError(
      ReplyParseErrorCode.TOO_LONG,
      `Reply line longer than ${this.#maxLineLength} bytes`,
    );
  }
}

/**
 * Parses one complete reply given as text (lines ended by CR LF or LF; the last terminator
 * may be missing).
 * @throws {ReplyParseError} when the text is not exactly one complete reply.
 */
export function parseReply(text: string): Reply {
  const assembler = new ReplyAssembler(Number.POSITIVE_INFINITY);
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  let reply: Reply | undefined;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (reply !== undefined) {
      if (line.length === 0) continue;
      throw new ReplyParseError(
        ReplyParseErrorCode.MALFORMED,
        "Text after the end of the reply",
        line,
      );
    }
    reply = assembler.line(line);
  }
  if (reply === undefined)
    throw new ReplyParseError(ReplyParseErrorCode.MALFORMED, "Incomplete reply", text);
  return reply;
}
