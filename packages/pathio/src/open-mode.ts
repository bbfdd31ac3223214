import { PathIOError } from "./errors.js";
import { isOpenMode, type OpenMode } from "./types.js";

/** The `node:fs` open flags of each {@link OpenMode}. */
export const NODE_OPEN_FLAGS: Readonly<Record<OpenMode, string>> = {
  rb: "r",
  wb: "w",
  ab: "a",
  "r+b": "r+",
};

/** Throws `bad-mode` unless `mode` is an {@link OpenMode}. */
export function assertOpenMode(mode: unknown, path?: string): asserts mode is OpenMode {
  if (isOpenMode(mode)) return;
  const options: { cause: Error; path?: string } = {
    cause: new TypeError(`Unknown open mode ${JSON.stringify(mode)}`),
  };
  if (path !== undefined) options.path = path;
  throw new PathIOError("bad-mode", "open: bad-mode (expected rb, wb, ab or r+b)", options);
}

/** True when a handle opened with `mode` may read. */
export function canRead(mode: OpenMode): boolean {
  return mode === "rb" || mode === "r+b";
}

/** True when a handle opened with `mode` may write. */
export function canWrite(mode: OpenMode): boolean {
  return mode !== "rb";
}
