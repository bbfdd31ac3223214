import type { Dirent, Stats } from "node:fs";
import path from "node:path";
import { AbstractPathIO } from "./abstract-pathio.js";
import { PathIOError, toPathIOError } from "./errors.js";
import { fileStatFromNode } from "./node-stat.js";
import { assertOpenMode, NODE_OPEN_FLAGS } from "./open-mode.js";
import type { FileHandle, FileStat, MkdirOptions, OpenMode } from "./types.js";

/** An open directory as the disk backends read it: one name at a time, then closed. */
export interface NodeDirReader {
  /** The next entry, or `null` at the end (synchronously when the backend is synchronous). */
  next(): Promise<Dirent | null> | Dirent | null;
  /** Releases the directory (called exactly once). */
  close(): Promise<void>;
}

/** An opened file before it becomes a {@link FileHandle}. */
export interface NodeRawFile {
  stat(): Promise<Stats>;
  close(): Promise<void>;
  toHandle(mode: OpenMode, path: string): FileHandle;
}

/**
 * The `node:fs` primitives the shared disk logic runs on; {@link AsyncPathIO} supplies them
 * from `node:fs/promises`, {@link PathIO} from the synchronous calls. Errors are raw Node errors.
 */
export interface NodeFsOps {
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<Stats>;
  lstat(path: string): Promise<Stats>;
  readlink(path: string): Promise<string>;
  realpath(path: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  utimes(path: string, atime: Date, mtime: Date): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  opendir(path: string): Promise<NodeDirReader>;
  open(path: string, flags: string): Promise<NodeRawFile>;
}

async function wrap<T>(operation: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPathIOError(error, operation, target);
  }
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The disk-backend logic shared by {@link AsyncPathIO} and {@link PathIO}: errno mapping,
 * aioftp's `mkdir` semantics, streamed listing, the directory check on open. Paths are native
 * (`node:path`).
 */
export abstract class NodeFsPathIO extends AbstractPathIO {
  /** The primitives this backend runs on. */
  protected abstract readonly ops: NodeFsOps;

  override async mkdir(target: string, options: MkdirOptions = {}): Promise<void> {
    try {
      await this.ops.mkdir(target);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "EEXIST" && options.existOk === true && (await this.isDir(target))) return;
      if (code === "ENOENT" && options.parents === true) {
        const parent = path.dirname(target);
        if (parent !== target) {
          await this.mkdir(parent, { parents: true, existOk: true });
          const retry: MkdirOptions = {};
          if (options.existOk !== undefined) retry.existOk = options.existOk;
          return this.mkdir(target, retry);
        }
      }
      throw toPathIOError(error, "mkdir", target);
    }
  }

  override rmdir(target: string): Promise<void> {
    return wrap("rmdir", target, () => this.ops.rmdir(target));
  }

  override async unlink(target: string): Promise<void> {
    try {
      await this.ops.unlink(target);
    } catch (error) {
      const code = errnoOf(error);
      // macOS and others answer EPERM for unlink(directory); report what it is.
      if ((code === "EPERM" || code === "EACCES") && (await this.isDirQuiet(target))) {
        throw new PathIOError("is-a-directory", "unlink: is-a-directory", {
          cause: error,
          path: target,
        });
      }
      throw toPathIOError(error, "unlink", target);
    }
  }

  override async *list(target: string): AsyncGenerator<string, void, undefined> {
    let dir: NodeDirReader;
    try {
      dir = await this.ops.opendir(target);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw toPathIOError(error, "list", target);
    }
    try {
      for (;;) {
        let entry: Dirent | null;
        try {
          const next = dir.next();
          entry = next instanceof Promise ? await next : next;
        } catch (error) {
          throw toPathIOError(error, "list", target);
        }
        if (entry === null) return;
        yield path.join(target, entry.name);
      }
    } finally {
      await dir.close().catch(() => undefined);
    }
  }

  override stat(target: string): Promise<FileStat> {
    return wrap("stat", target, async () => fileStatFromNode(await this.ops.stat(target)));
  }

  override lstat(target: string): Promise<FileStat> {
    return wrap("lstat", target, async () => fileStatFromNode(await this.ops.lstat(target)));
  }

  override readlink(target: string): Promise<string> {
    return wrap("readlink", target, () => this.ops.readlink(target));
  }

  override realpath(target: string): Promise<string> {
    return wrap("realpath", target, () => this.ops.realpath(target));
  }

  override async open(target: string, mode: OpenMode): Promise<FileHandle> {
    assertOpenMode(mode, target);
    const raw = await wrap("open", target, () => this.ops.open(target, NODE_OPEN_FLAGS[mode]));
    if (mode === "rb") {
      // open(2) of a directory read-only succeeds on POSIX; the contract says is-a-directory.
      let isDirectory: boolean;
      try {
        isDirectory = (await raw.stat()).isDirectory();
      } catch (error) {
        await raw.close().catch(() => undefined);
        throw toPathIOError(error, "open", target);
      }
      if (isDirectory) {
        await raw.close().catch(() => undefined);
        throw new PathIOError("is-a-directory", "open: is-a-directory", {
          cause: Object.assign(new Error("EISDIR: illegal operation on a directory, open"), {
            code: "EISDIR",
            syscall: "open",
          }),
          path: target,
        });
      }
    }
    return raw.toHandle(mode, target);
  }

  override rename(from: string, to: string): Promise<void> {
    return wrap("rename", from, () => this.ops.rename(from, to));
  }

  override setModifiedTime(target: string, date: Date): Promise<void> {
    return wrap("setModifiedTime", target, async () => {
      const current = await this.ops.stat(target);
      await this.ops.utimes(target, current.atime, date);
    });
  }

  override chmod(target: string, mode: number): Promise<void> {
    return wrap("chmod", target, () => this.ops.chmod(target, mode & 0o7777));
  }

  override join(...parts: string[]): string {
    return path.join(...parts);
  }

  override dirname(target: string): string {
    return path.dirname(target);
  }

  override basename(target: string): string {
    return path.basename(target);
  }

  private async isDirQuiet(target: string): Promise<boolean> {
    try {
      return (await this.ops.lstat(target)).isDirectory();
    } catch {
      return false;
    }
  }
}
