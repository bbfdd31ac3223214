import { ReplyParseError, ReplyParseErrorCode } from "./errors.js";

/** Quotes a path for a `257` reply: `a"b` becomes `"a""b"` (RFC 959, quotes doubled). */
export function quotePath(path: string): string {
  return `"${path.replaceAll('"', '""')}"`;
}

/**
 * Reads the path out of a `257` reply text (with or without the code): the text between the
 * first `"` and the next lone `"`, with each `""` inside read as one `"`.
 * `'257 "/we""ird" is the current directory'` gives `/we"ird`.
 * @throws {ReplyParseError} (`ERR_FTP_REPLY_MALFORMED`) when there is no quoted path.
 */
export function parseDirectoryResponse(text: string): string {
  const open = text.indexOf('"');
  if (open !== -1) {
    let path = "";
    let i = open + 1;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) break;
      path += text.slice(i, q);
      if (text.charCodeAt(q + 1) === 34) {
        path += '"';
        i = q + 2;
        continue;
      }
      return path;
    }
  }
  throw new ReplyParseError(
    ReplyParseErrorCode.MALFORMED,
    "No quoted path in directory reply",
    text,
  );
}

/**
 * The text of a `257` reply (without the code): the quoted path, then the comment if any.
 * `formatDirectoryResponse('/we"ird', "is the current directory")` gives
 * `'"/we""ird" is the current directory'`. A line break inside the path is sent as NUL so
 * the reply stays one line (and cannot inject another reply).
 */
export function formatDirectoryResponse(path: string, comment?: string): string {
  const quoted = quotePath(path.replace(/\r?\n|\r/g, "\0"));
  return comment === undefined || comment === "" ? quoted : `${quoted} ${comment}`;
}
