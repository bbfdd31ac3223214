import type { Stats } from "node:fs";
import type { FileStat } from "./types.js";

/** Converts a `node:fs` `Stats` into the backend-neutral {@link FileStat}. */
export function fileStatFromNode(stats: Stats): FileStat {
  return {
    size: stats.size,
    mtime: stats.mtime,
    ctime: stats.ctime,
    nlink: stats.nlink,
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
    isSymbolicLink: stats.isSymbolicLink(),
  };
}
