import { FtpError } from "@ftp/protocol";

/** The phase a timeout belongs to, so callers and logs can tell which wait ran out. */
export type TimeoutPhase =
  | "connect"
  | "read"
  | "write"
  | "tls"
  | "reply"
  | "data-connect"
  | "idle"
  | "close";

/** A wait ran out of time (`code` `ERR_FTP_TIMEOUT`). The socket involved has been destroyed. */
export class FtpTimeoutError extends FtpError {
  /** Which wait timed out. */
  readonly phase: TimeoutPhase | (string & {});
  /** The limit that was exceeded, in milliseconds. */
  readonly timeout: number;

  constructor(phase: TimeoutPhase | (string & {}), timeout: number, message?: string) {
    super("ERR_FTP_TIMEOUT", message ?? `${phase} timed out after ${timeout} ms`);
    this.phase = phase;
    this.timeout = timeout;
  }
}

/** An `AbortSignal` fired (`code` `ERR_FTP_ABORTED`); `cause` is the signal's reason. */
export class FtpAbortError extends FtpError {
  constructor(reason?: unknown, message = "The operation was aborted") {
    super("ERR_FTP_ABORTED", message, reason === undefined ? undefined : { cause: reason });
  }
}

/** The peer closed the stream before `readExactly` got its bytes (`ERR_FTP_EARLY_EOF`). */
export class EarlyEofError extends FtpError {
  /** Bytes that were asked for. */
  readonly expected: number;
  /** The bytes that did arrive before the end of the stream. */
  readonly partial: Buffer;

  constructor(expected: number, partial: Buffer) {
    super(
      "ERR_FTP_EARLY_EOF",
      `Stream ended after ${partial.length} of ${expected} expected bytes`,
    );
    this.expected = expected;
    this.partial = partial;
  }
}

/**
 * A line was longer than the configured limit (`ERR_FTP_LINE_TOO_LONG`). The rest of that
 * line has been discarded, so the stream is positioned at the next line and stays usable.
 */
export class LineTooLongError extends FtpError {
  /** The limit in bytes, without the line terminator. */
  readonly limit: number;

  constructor(limit: number) {
    super("ERR_FTP_LINE_TOO_LONG", `Line longer than ${limit} bytes`);
    this.limit = limit;
  }
}

/** The connection is closed or was reset (`ERR_FTP_CONNECTION_CLOSED`). */
export class ConnectionClosedError extends FtpError {
  constructor(message = "Connection closed", options?: ErrorOptions) {
    super("ERR_FTP_CONNECTION_CLOSED", message, options);
  }
}
