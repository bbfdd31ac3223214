import { readdir, stat } from "node:fs/promises";
import path, { posix } from "node:path";
import type { Client } from "@ftp/client";
import { parseMdtmTime } from "@ftp/protocol";
import { CliError, EXIT } from "./exit-codes.js";

/** A file of a tree, by its path relative to the tree's root (`/` separated). */
export interface TreeFile {
  relative: string;
  size: number | undefined;
  mtime: Date | undefined;
}

/** The directories and files under a root, relative paths, parents before children. */
export interface Tree {
  directories: string[];
  files: TreeFile[];
}

function parseModify(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  try {
    return parseMdtmTime(value);
  } catch {
    return undefined;
  }
}

function isSafeRelative(relative: string): boolean {
  return (
    relative !== "" &&
    !relative.split("/").some((part) => part === "" || part === "." || part === "..") &&
    !/[\\\0]/.test(relative)
  );
}

/** Lists the remote tree under `root` (MLSD, recursively). Unsafe names are skipped. */
export async function remoteTree(
  client: Client,
  root: string,
  signal?: AbortSignal,
): Promise<Tree> {
  const tree: Tree = { directories: [], files: [] };
  const base = root.length > 1 ? root.replace(/\/+$/, "") : root;
  for await (const [entry, info] of client.list(base, {
    recursive: true,
    ...(signal ? { signal } : {}),
  })) {
    const relative = posix.relative(base === "" ? "." : base, entry);
    if (!isSafeRelative(relative)) continue;
    if (info.type === "dir") tree.directories.push(relative);
    else if (info.type === "file")
      tree.files.push({
        relative,
        size: info.size !== undefined ? Number(info.size) : undefined,
        mtime: parseModify(info.modify),
      });
  }
  tree.directories.sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
  return tree;
}

/** Walks the local tree under `root` (symbolic links to files are followed, to directories not). */
export async function localTree(root: string): Promise<Tree> {
  const tree: Tree = { directories: [], files: [] };
  const pending = [""];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const dir = path.join(root, next);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new CliError(EXIT.local, `cannot read ${dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const relative = next === "" ? entry.name : `${next}/${entry.name}`;
      if (entry.isDirectory()) {
        tree.directories.push(relative);
        pending.push(relative);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await stat(path.join(root, relative)).catch(() => undefined);
        if (info?.isFile()) tree.files.push({ relative, size: info.size, mtime: info.mtime });
      }
    }
  }
  return tree;
}

/** Stats a local path; `undefined` when it does not exist. */
export async function localStat(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(EXIT.local, `cannot stat ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
