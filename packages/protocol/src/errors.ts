import type { Code } from "./code.js";

/**
 * Base class of every error the @ftp packages raise. `code` is a stable string (documented in
 * the package README) that programs can switch on; messages may change, codes do not.
 */
export class FtpError extends Error {
  /** Stable, documented identifier of the failure, e.g. `"ERR_FTP_STATUS"`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The server answered with a reply code the caller did not expect. Carries the server's
 * codes and text as data (`receivedCodes`, `info`), never folded into `code`.
 */
export class StatusCodeError extends FtpError {
  /** The codes (or masks such as `2xx`) that would have been accepted. */
  readonly expectedCodes: Code[];
  /** The codes the server actually sent (the final one last). */
  readonly receivedCodes: Code[];
  /** The server's reply lines, as received. */
  readonly info: string[];

  constructor(expectedCodes: Code[], receivedCodes: Code[], info: string[]) {
    const expected = expectedCodes.map(String).join(", ");
    const received = receivedCodes.map(String).join(", ");
    const text = info.length > 0 ? `: ${info.join(" | ")}` : "";
    super("ERR_FTP_STATUS", `Waiting for ${expected} but got ${received}${text}`);
    this.expectedCodes = expectedCodes;
    this.receivedCodes = receivedCodes;
    this.info = info;
  }
}

/** A command or argument contained CR, LF or NUL, which would let it inject other commands. */
export class InvalidCommandError extends FtpError {
  constructor(message = "FTP commands may not contain CR, LF or NUL") {
    super("ERR_FTP_INVALID_COMMAND", message);
  }
}

/** A path that must be absolute (e.g. a user's home path) was relative. */
export class PathIsNotAbsoluteError extends FtpError {
  /** The offending path. */
  readonly path: string;

  constructor(path: string) {
    super("ERR_FTP_PATH_NOT_ABSOLUTE", `Path is not absolute: ${path}`);
    this.path = path;
  }
}

/** Stable codes of {@link ReplyParseError}. */
export const ReplyParseErrorCode = {
  /** A reply line that does not start with a three-digit code followed by space or `-`. */
  MALFORMED: "ERR_FTP_REPLY_MALFORMED",
  /** A reply line longer than the limit, or a multi-line reply with too many lines. */
  TOO_LONG: "ERR_FTP_REPLY_TOO_LONG",
} as const;

/** One of the {@link ReplyParseErrorCode} values. */
export type ReplyParseErrorCode = (typeof ReplyParseErrorCode)[keyof typeof ReplyParseErrorCode];

/**
 * A control-connection reply could not be parsed: a malformed line (`ERR_FTP_REPLY_MALFORMED`)
 * or a line / line count beyond the parser's limits (`ERR_FTP_REPLY_TOO_LONG`). After this the
 * control connection is out of step and should be closed.
 */
export class ReplyParseError extends FtpError {
  /** The offending line (at most 200 characters of it), when there is one. */
  readonly line: string | undefined;

  constructor(code: ReplyParseErrorCode, message: string, line?: string) {
    super(code, message);
    this.line = line === undefined ? undefined : truncate(line);
  }
}

/** No LIST or MLSx parser understood a listing line. `line` names it. */
export class ListParseError extends FtpError {
  /** The line that could not be parsed, as given. */
  readonly line: string;

  constructor(line: string, message?: string, options?: ErrorOptions) {
    super(
      "ERR_FTP_LIST_PARSE",
      message ?? `Cannot parse listing line: ${JSON.stringify(truncate(line))}`,
      options,
    );
    this.line = line;
  }
}

/** A PASV/EPSV reply or a PORT/EPRT argument (or a host given to format one) is not valid. */
export class AddressParseError extends FtpError {
  /** The text that could not be used. */
  readonly text: string;

  constructor(text: string, message?: string) {
    super("ERR_FTP_BAD_ADDRESS", message ?? `Invalid address: ${JSON.stringify(truncate(text))}`);
    this.text = text;
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
