import { FtpError, StatusCodeError } from "@ftp/protocol";

/** The `ftp` command's exit statuses. */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** The server refused an operation (a 4xx/5xx reply: missing file, no permission, ...). */
  remote: 1,
  /** Bad command line: unknown command or option, missing or malformed argument. */
  usage: 2,
  /** Could not connect, log in or keep the connection: refused, timeout, TLS, bad password. */
  connection: 3,
  /** A local file or directory could not be read or written. */
  local: 4,
  /** Interrupted (SIGINT/SIGTERM). */
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command-line mistake; exits with {@link EXIT.usage}. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure with its own exit status and a message meant for the user. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

const NETWORK_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
]);

const CONNECTION_FTP_CODES = new Set([
  "ERR_FTP_TIMEOUT",
  "ERR_FTP_CONNECTION_CLOSED",
  "ERR_FTP_EARLY_EOF",
  "ERR_FTP_SOCKS",
  "ERR_FTP_REPLY_MALFORMED",
  "ERR_FTP_REPLY_TOO_LONG",
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function isTlsFailure(code: string): boolean {
  return (
    code.startsWith("ERR_TLS") ||
    code.startsWith("ERR_SSL") ||
    code.includes("CERT") ||
    code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ||
    code === "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
  );
}

/**
 * The exit status for `error`. `phase` says whether it happened while connecting and logging
 * in (then any refusal, a `530` included, is a connection/auth failure) or afterwards.
 */
export function exitCodeFor(error: unknown, phase: "connect" | "command"): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof CliError) return error.exitCode;
  const code = errorCode(error);
  if (error instanceof StatusCodeError) {
    if (phase === "connect") return EXIT.connection;
    const last = error.receivedCodes.at(-1)?.value;
    return last === "530" || last === "421" ? EXIT.connection : EXIT.remote;
  }
  if (code === "ERR_FTP_ABORTED" || code === "ABORT_ERR") return EXIT.interrupted;
  if (code === "ERR_FTP_PATHIO") return EXIT.local;
  if (code !== undefined && CONNECTION_FTP_CODES.has(code)) return EXIT.connection;
  if (code !== undefined && (NETWORK_ERRNO.has(code) || isTlsFailure(code))) return EXIT.connection;
  if (error instanceof FtpError) return EXIT.remote;
  if (code !== undefined && /^E[A-Z]+$/.test(code))
    return phase === "connect" ? EXIT.connection : EXIT.local;
  return EXIT.remote;
}

/** A one-line explanation of `error` for the terminal. */
export function describeError(error: unknown): string {
  if (error instanceof StatusCodeError) {
    const code = error.receivedCodes.at(-1)?.value ?? "?";
    return `${code} ${error.info.join(" ").trim()}`.trim();
  }
  if (error instanceof Error) {
    const code = errorCode(error);
    const pathioCause = code === "ERR_FTP_PATHIO" ? (error.cause as Error | undefined) : undefined;
    if (pathioCause?.message) return pathioCause.message;
    if (code === "ECONNREFUSED") return `connection refused (${error.message})`;
    return error.message;
  }
  return String(error);
}
