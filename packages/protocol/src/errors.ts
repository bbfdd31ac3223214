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
