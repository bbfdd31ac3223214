import { FtpError } from "@ftp/protocol";

/**
 * Every reason a {@link PathIOError} can carry, as a value list (useful for tables and
 * exhaustive checks). See {@link PathIOErrorReason} for what each one means.
 */
export const PATHIO_ERROR_REASONS = [
  "not-found",
  "exists",
  "not-a-directory",
  "is-a-directory",
  "not-empty",
  "permission",
  "no-space",
  "cross-device",
  "bad-mode",
  "outside-root",
  "unsupported",
  "io",
] as const;

/**
 * Why a filesystem operation failed, so a server can answer precisely:
 *
 * - `not-found`: the path, or a directory on the way to it, does not exist (`ENOENT`).
 * - `exists`: the target already exists (`EEXIST`).
 * - `not-a-directory`: a directory was required: the path or one of its parents is a file (`ENOTDIR`).
 * - `is-a-directory`: a file was required but the path is a directory (`EISDIR`).
 * - `not-empty`: the directory still has entries (`ENOTEMPTY`).
 * - `permission`: the backend refuses the operation (`EACCES`, `EPERM`, `EROFS`, a read-only backend).
 * - `no-space`: out of disk space or quota, or the file is too large (`ENOSPC`, `EDQUOT`, `EFBIG`).
 * - `cross-device`: a rename across filesystems (`EXDEV`).
 * - `bad-mode`: an invalid argument: an unknown open mode, a read on a write-only handle (or the
 *   reverse), or a path containing NUL.
 * - `outside-root`: a {@link VirtualRoot} refused a path that would leave its root.
 * - `unsupported`: the backend does not implement the operation (`ENOSYS`, `ENOTSUP`).
 * - `io`: anything else (`EIO`, `EBUSY`, `ELOOP`, `EINVAL`, a closed handle, ...).
 */
export type PathIOErrorReason = (typeof PATHIO_ERROR_REASONS)[number];

const ERRNO_REASONS: Readonly<Record<string, PathIOErrorReason>> = {
  ENOENT: "not-found",
  EEXIST: "exists",
  ENOTDIR: "not-a-directory",
  EISDIR: "is-a-directory",
  ENOTEMPTY: "not-empty",
  EACCES: "permission",
  EPERM: "permission",
  EROFS: "permission",
  ENOSPC: "no-space",
  EDQUOT: "no-space",
  EFBIG: "no-space",
  EXDEV: "cross-device",
  ERR_INVALID_ARG_VALUE: "bad-mode",
  ENOSYS: "unsupported",
  ENOTSUP: "unsupported",
  EOPNOTSUPP: "unsupported",
};

/** Options of the {@link PathIOError} constructor. */
export interface PathIOErrorOptions {
  /** The original error (a Node `SystemError`, or a synthetic one carrying an errno `code`). */
  cause?: unknown;
  /** The backend path involved. May be a real filesystem path: never send it to a peer. */
  path?: string;
}

/**
 * The one error every pathio operation fails with (`code` `ERR_FTP_PATHIO`). `reason` says what
 * went wrong; `cause` keeps the original error. The message names the operation and the reason
 * but never the path, so it is safe to log; `path` and `cause` may contain real filesystem
 * paths and must not be sent to a peer.
 */
export class PathIOError extends FtpError {
  /** Why the operation failed. */
  readonly reason: PathIOErrorReason;
  /** The backend path involved, when known (may be real: never send it to a peer). */
  readonly path: string | undefined;

  constructor(reason: PathIOErrorReason, message: string, options: PathIOErrorOptions = {}) {
    super("ERR_FTP_PATHIO", message, "cause" in options ? { cause: options.cause } : undefined);
    this.reason = reason;
    this.path = options.path;
  }
}

/**
 * Maps an errno code (`"ENOENT"`, ...) or Node error code to a {@link PathIOErrorReason};
 * unknown or missing codes give `"io"`.
 */
export function reasonFromErrno(code: string | undefined): PathIOErrorReason {
  return (code !== undefined ? ERRNO_REASONS[code] : undefined) ?? "io";
}

function codeOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * Wraps any thrown value into a {@link PathIOError} (an existing `PathIOError` is returned as
 * is). The reason comes from the error's errno `code`; the message is `"<operation>: <reason>"`
 * without the path. Custom backends use this to keep the contract's error shape.
 */
export function toPathIOError(error: unknown, operation: string, path?: string): PathIOError {
  if (error instanceof PathIOError) return error;
  const reason = reasonFromErrno(codeOf(error));
  const options: PathIOErrorOptions = { cause: error };
  if (path !== undefined) options.path = path;
  return new PathIOError(reason, `${operation}: ${reason}`, options);
}

/**
 * Builds the synthetic errno-style error used as `cause` by backends that are not backed by
 * `node:fs` (e.g. the in-memory one), so every `PathIOError.cause` carries a `code`.
 */
export function errnoError(
  code: string,
  syscall: string,
): Error & { code: string; syscall: string } {
  return Object.assign(new Error(`${code}: ${syscall} failed`), { code, syscall });
}

/** Shorthand for a {@link PathIOError} whose cause is a synthetic errno error. */
export function pathIOErrorFromCode(code: string, operation: string, path?: string): PathIOError {
  return toPathIOError(errnoError(code, operation), operation, path);
}

/**
 * True when `error` is a {@link PathIOError}, optionally with one of the given reasons.
 */
export function isPathIOError(
  error: unknown,
  ...reasons: PathIOErrorReason[]
): error is PathIOError {
  return error instanceof PathIOError && (reasons.length === 0 || reasons.includes(error.reason));
}
