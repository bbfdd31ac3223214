import { Code, type CodeLike } from "./code.js";
import { END_OF_LINE } from "./constants.js";

/**
 * Formats a reply as sent on the wire, with CR LF after every line. One line gives
 * `"ddd text\r\n"`; several give an RFC 959 multi-line reply: `"ddd-first"`, the body lines,
 * `"ddd last"`. A body line that starts with a digit is indented by one space so it can never
 * be mistaken for the end of the reply. Text containing CR or LF is split into more lines.
 *
 * @example
 * ```ts
 * formatReply(211, ["Features:", " UTF8", "End"]); // "211-Features:\r\n UTF8\r\n211 End\r\n"
 * ```
 */
export function formatReply(code: CodeLike | number, lines: string | readonly string[]): string {
  const value = code instanceof Code ? code.value : new Code(String(code)).value;
  const all: string[] = [];
  for (const line of typeof lines === "string" ? [lines] : lines) {
    if (line.includes("\n") || line.includes("\r")) all.push(...line.split(/\r\n|\r|\n/));
    else all.push(line);
  }
  if (all.length === 0) all.push("");
  if (all.length === 1) return `${value} ${all[0]}${END_OF_LINE}`;
  let out = `${value}-${all[0]}${END_OF_LINE}`;
  for (let i = 1; i < all.length - 1; i++) {
    const line = all[i] as string;
    const c = line.charCodeAt(0);
    out += (c >= 0x30 && c <= 0x39 ? ` ${line}` : line) + END_OF_LINE;
  }
  return `${out}${value} ${all[all.length - 1]}${END_OF_LINE}`;
}
