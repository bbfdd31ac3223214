import { PathIOError } from "./errors.js";

/**
 * Resolves a user's path against the current virtual directory, purely lexically:
 *
 * - the result is an absolute POSIX path (`/`, `/a/b`), never with a trailing slash;
 * - `input` starting with `/` (or `\`) is absolute, otherwise it is relative to `cwd`
 *   (a relative `cwd` counts from `/`);
 * - `\` is a separator like `/` (so `..\..\etc` cannot slip through on any platform);
 *   repeated separators and `.` segments vanish; `..` removes the previous segment and
 *   never climbs above `/`;
 * - nothing is decoded: `%2e%2e` is a file literally named `%2e%2e`, not a traversal (FTP
 *   paths are not URLs), and `~` is an ordinary name;
 * - a NUL anywhere in `cwd` or `input` throws a {@link PathIOError} with reason `bad-mode`
 *   (an invalid argument: answer 501).
 *
 * @example normalizeVirtualPath("/a/b", "../c//./d") === "/a/c/d"
 */
export function normalizeVirtualPath(cwd: string, input: string): string {
  if (cwd.includes("\0") || input.includes("\0")) {
    throw new PathIOError("bad-mode", "path contains a NUL character", {
      cause: Object.assign(new TypeError("path contains a NUL character"), {
        code: "ERR_INVALID_ARG_VALUE",
      }),
    });
  }
  const absolute = input.startsWith("/") || input.startsWith("\\");
  const segments: string[] = [];
  const source = absolute ? input : `${cwd}/${input}`;
  for (const segment of source.split(/[/\\]+/)) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/** The segments of a normalised virtual path (`[]` for `/`). */
export function virtualSegments(virtual: string): string[] {
  return virtual.split("/").filter((segment) => segment !== "");
}
