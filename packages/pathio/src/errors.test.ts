import { FtpError } from "@ftp/protocol";
import { describe, expect, it } from "vitest";
import {
  errnoError,
  isPathIOError,
  PATHIO_ERROR_REASONS,
  PathIOError,
  reasonFromErrno,
  toPathIOError,
} from "./errors.js";

describe("PathIOError", () => {
  it("is an FtpError with code ERR_FTP_PATHIO, a reason and a cause", () => {
    const cause = errnoError("ENOENT", "stat");
    const error = new PathIOError("not-found", "stat: not-found", { cause, path: "/real/x" });
    expect(error).toBeInstanceOf(FtpError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PathIOError");
    expect(error.code).toBe("ERR_FTP_PATHIO");
    expect(error.reason).toBe("not-found");
    expect(error.cause).toBe(cause);
    expect(error.path).toBe("/real/x");
    expect(error.message).not.toContain("/real/x");
  });

  it.each([
    ["ENOENT", "not-found"],
    ["EEXIST", "exists"],
    ["ENOTDIR", "not-a-directory"],
    ["EISDIR", "is-a-directory"],
    ["ENOTEMPTY", "not-empty"],
    ["EACCES", "permission"],
    ["EPERM", "permission"],
    ["EROFS", "permission"],
    ["ENOSPC", "no-space"],
    ["EDQUOT", "no-space"],
    ["EFBIG", "no-space"],
    ["EXDEV", "cross-device"],
    ["ERR_INVALID_ARG_VALUE", "bad-mode"],
    ["ENOSYS", "unsupported"],
    ["ENOTSUP", "unsupported"],
    ["EOPNOTSUPP", "unsupported"],
    ["EIO", "io"],
    ["EBUSY", "io"],
    ["ELOOP", "io"],
    [undefined, "io"],
  ] as const)("errno %s -> %s", (code, reason) => {
    expect(reasonFromErrno(code)).toBe(reason);
    const wrapped = toPathIOError(code ? errnoError(code, "op") : new Error("plain"), "op", "/p");
    expect(wrapped.reason).toBe(reason);
    expect(wrapped.message).toBe(`op: ${reason}`);
    expect(wrapped.cause).toBeDefined();
  });

  it("toPathIOError passes a PathIOError through and wraps non-errors", () => {
    const original = new PathIOError("exists", "x", { cause: 1 });
    expect(toPathIOError(original, "op")).toBe(original);
    expect(toPathIOError("weird", "op").reason).toBe("io");
    expect(toPathIOError(null, "op").cause).toBe(null);
  });

  it("isPathIOError narrows by reason", () => {
    const error = new PathIOError("no-space", "write: no-space", { cause: 1 });
    expect(isPathIOError(error)).toBe(true);
    expect(isPathIOError(error, "no-space", "io")).toBe(true);
    expect(isPathIOError(error, "not-found")).toBe(false);
    expect(isPathIOError(new Error("x"))).toBe(false);
  });

  it("lists every reason once", () => {
    expect(new Set(PATHIO_ERROR_REASONS).size).toBe(PATHIO_ERROR_REASONS.length);
    expect(PATHIO_ERROR_REASONS).toHaveLength(12);
  });
});
