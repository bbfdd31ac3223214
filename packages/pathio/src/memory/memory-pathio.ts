import { posix } from "node:path";
import { AbstractPathIO } from "../abstract-pathio.js";
import { isPathIOError, type PathIOError, pathIOErrorFromCode } from "../errors.js";
import { assertOpenMode } from "../open-mode.js";
import type { FileHandle, FileStat, MkdirOptions, OpenMode } from "../types.js";
import { MemoryFileHandle } from "./memory-file-handle.js";
import {
  attach,
  detach,
  MEMORY_DIR_SIZE,
  type MemoryDir,
  type MemoryFile,
  type MemoryNode,
  MemoryPathIOState,
  newDir,
  newFile,
  S_IFDIR,
  S_IFREG,
} from "./memory-state.js";

/** Options of {@link MemoryPathIO}. */
export interface MemoryPathIOOptions {
  /** The tree to work on; instances given the same state share files. Default: a new tree. */
  state?: MemoryPathIOState;
}

interface Located {
  /** Normalised absolute POSIX path. */
  path: string;
  /** Its segments (`[]` for `/`). */
  parts: string[];
  /** Written with a trailing slash: must be a directory (as POSIX path resolution says). */
  directoryOnly: boolean;
}

const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
const gid = typeof process.getgid === "function" ? process.getgid() : undefined;

/**
 * An in-memory filesystem with POSIX paths (relative paths start at `/`). Every instance made
 * from one {@link MemoryPathIOState} (or from one {@link MemoryPathIO.factory}) shares the
 * tree, as aioftp's nursery does for all sessions of a server. Behaves like a disk backend:
 * the same errors, each handle has its own position, writes update `mtime`, directories report
 * `S_IFDIR | 0o755`, size 4096 and `nlink` 2 + subdirectories, files `S_IFREG | 0o644`.
 * No symbolic links: `lstat` is `stat`, `readlink` fails with `io` (`EINVAL`).
 */
export class MemoryPathIO extends AbstractPathIO {
  readonly #state: MemoryPathIOState;

  constructor(options: MemoryPathIOOptions = {}) {
    super();
    this.#state = options.state ?? new MemoryPathIOState();
  }

  /** A {@link PathIOFactory} whose instances all share one new tree (or `options.state`). */
  static factory(options: MemoryPathIOOptions = {}): () => MemoryPathIO {
    const state = options.state ?? new MemoryPathIOState();
    return () => new MemoryPathIO({ state });
  }

  /** The shared tree (pass it to other instances to share files). */
  get state(): MemoryPathIOState {
    return this.#state;
  }

  override async stat(path: string): Promise<FileStat> {
    return statOf(this.#lookup(locate(path, "stat"), "stat"));
  }

  override async realpath(path: string): Promise<string> {
    const located = locate(path, "realpath");
    this.#lookup(located, "realpath");
    return located.path;
  }

  override async readlink(path: string): Promise<string> {
    this.#lookup(locate(path, "readlink"), "readlink");
    throw pathIOErrorFromCode("EINVAL", "readlink", path);
  }

  override async mkdir(path: string, options: MkdirOptions = {}): Promise<void> {
    const located = locate(path, "mkdir");
    const name = located.parts.at(-1);
    if (name === undefined) {
      if (options.existOk === true) return;
      throw pathIOErrorFromCode("EEXIST", "mkdir", path);
    }
    let parent: MemoryDir;
    try {
      parent = this.#parentOf(located, "mkdir");
    } catch (error) {
      if (options.parents !== true || !isPathIOError(error, "not-found")) throw error;
      await this.mkdir(posix.dirname(located.path), { parents: true, existOk: true });
      parent = this.#parentOf(located, "mkdir");
    }
    const existing = parent.children.get(name);
    if (existing !== undefined) {
      if (existing.type === "dir" && options.existOk === true) return;
      throw pathIOErrorFromCode("EEXIST", "mkdir", path);
    }
    attach(parent, name, newDir());
  }

  override async rmdir(path: string): Promise<void> {
    const located = locate(path, "rmdir");
    const node = this.#lookup(located, "rmdir");
    if (node.type !== "dir") throw pathIOErrorFromCode("ENOTDIR", "rmdir", path);
    if (node.children.size > 0) throw pathIOErrorFromCode("ENOTEMPTY", "rmdir", path);
    const name = located.parts.at(-1);
    if (name === undefined) throw pathIOErrorFromCode("EBUSY", "rmdir", path);
    detach(this.#parentOf(located, "rmdir"), name);
  }

  override async unlink(path: string): Promise<void> {
    const located = locate(path, "unlink");
    const node = this.#lookup(located, "unlink");
    const name = located.parts.at(-1);
    if (node.type === "dir" || name === undefined) {
      throw pathIOErrorFromCode("EISDIR", "unlink", path);
    }
    detach(this.#parentOf(located, "unlink"), name);
  }

  override async *list(path: string): AsyncGenerator<string, void, undefined> {
    let node: MemoryNode;
    const located = locate(path, "list");
    try {
      node = this.#lookup(located, "list");
    } catch (error) {
      if (isPathIOError(error, "not-found", "not-a-directory")) return;
      throw error;
    }
    if (node.type !== "dir") return;
    // Map iteration is live, like readdir: entries removed meanwhile are skipped, entries
    // added (or renamed within the directory) meanwhile may be seen.
    for (const name of node.children.keys()) yield posix.join(located.path, name);
  }

  override async open(path: string, mode: OpenMode): Promise<FileHandle> {
    assertOpenMode(mode, path);
    const located = locate(path, "open");
    if (mode === "rb" || mode === "r+b") {
      const node = this.#lookup(located, "open");
      if (node.type === "dir") throw pathIOErrorFromCode("EISDIR", "open", path);
      return new MemoryFileHandle(node, mode, path);
    }
    const name = located.parts.at(-1);
    if (name === undefined) throw pathIOErrorFromCode("EISDIR", "open", path);
    const parent = this.#parentOf(located, "open");
    if (located.directoryOnly) throw pathIOErrorFromCode("EISDIR", "open", path);
    const existing = parent.children.get(name);
    let file: MemoryFile;
    if (existing === undefined) {
      file = newFile();
      attach(parent, name, file);
    } else if (existing.type === "dir") {
      throw pathIOErrorFromCode("EISDIR", "open", path);
    } else {
      file = existing;
      if (mode === "wb") {
        file.size = 0;
        if (file.data.length > 1024 * 1024) file.data = Buffer.alloc(0);
        const now = new Date();
        file.mtime = now;
        file.ctime = now;
      }
    }
    const handle = new MemoryFileHandle(file, mode, path);
    if (mode === "ab") await handle.seek(file.size);
    return handle;
  }

  override async rename(from: string, to: string): Promise<void> {
    const source = locate(from, "rename");
    const target = locate(to, "rename");
    const node = this.#lookup(source, "rename");
    const sourceName = source.parts.at(-1);
    const targetName = target.parts.at(-1);
    if (sourceName === undefined) throw pathIOErrorFromCode("EBUSY", "rename", from);
    const targetParent = this.#parentOf(target, "rename");
    if (source.path === target.path) return;
    if (target.path.startsWith(`${source.path}/`)) {
      throw pathIOErrorFromCode("EINVAL", "rename", from);
    }
    const existing =
      targetName === undefined ? this.#state.root : targetParent.children.get(targetName);
    if (existing !== undefined) {
      if (node.type === "file" && existing.type === "dir") {
        throw pathIOErrorFromCode("EISDIR", "rename", from);
      }
      if (node.type === "dir" && existing.type === "file") {
        throw pathIOErrorFromCode("ENOTDIR", "rename", from);
      }
      if (existing.type === "dir" && existing.children.size > 0) {
        throw pathIOErrorFromCode("ENOTEMPTY", "rename", from);
      }
    }
    if (targetName === undefined) throw pathIOErrorFromCode("EBUSY", "rename", from);
    const now = new Date();
    detach(this.#parentOf(source, "rename"), sourceName, now);
    attach(targetParent, targetName, node, now);
    node.ctime = now;
  }

  override async setModifiedTime(path: string, date: Date): Promise<void> {
    const node = this.#lookup(locate(path, "setModifiedTime"), "setModifiedTime");
    node.mtime = new Date(date.getTime());
    node.ctime = new Date();
  }

  override async chmod(path: string, mode: number): Promise<void> {
    const node = this.#lookup(locate(path, "chmod"), "chmod");
    node.permissions = mode & 0o7777;
    node.ctime = new Date();
  }

  /** The node at `located`; `not-found` / `not-a-directory` on the way. */
  #lookup(located: Located, operation: string): MemoryNode {
    let node: MemoryNode = this.#state.root;
    for (const part of located.parts) {
      if (node.type !== "dir") throw pathIOErrorFromCode("ENOTDIR", operation, located.path);
      const child: MemoryNode | undefined = node.children.get(part);
      if (child === undefined) throw pathIOErrorFromCode("ENOENT", operation, located.path);
      node = child;
    }
    if (located.directoryOnly && node.type !== "dir") {
      throw pathIOErrorFromCode("ENOTDIR", operation, located.path);
    }
    return node;
  }

  /** The existing directory that holds (or would hold) `located`. */
  #parentOf(located: Located, operation: string): MemoryDir {
    const parent = this.#lookup(
      { path: located.path, parts: located.parts.slice(0, -1), directoryOnly: false },
      operation,
    );
    if (parent.type !== "dir") throw pathIOErrorFromCode("ENOTDIR", operation, located.path);
    return parent;
  }
}

function locate(path: string, operation: string): Located {
  if (path.includes("\0")) throw nulError(operation, path);
  const normalised = posix.resolve("/", path);
  return {
    path: normalised,
    parts: normalised.split("/").filter((part) => part !== ""),
    directoryOnly: path.endsWith("/"),
  };
}

function nulError(operation: string, path: string): PathIOError {
  return pathIOErrorFromCode("ERR_INVALID_ARG_VALUE", operation, path);
}

function statOf(node: MemoryNode): FileStat {
  const stat: FileStat = {
    size: node.type === "dir" ? MEMORY_DIR_SIZE : node.size,
    mtime: new Date(node.mtime.getTime()),
    ctime: new Date(node.ctime.getTime()),
    nlink: node.type === "dir" ? 2 + node.subdirs : 1,
    mode: (node.type === "dir" ? S_IFDIR : S_IFREG) | node.permissions,
    isFile: node.type === "file",
    isDirectory: node.type === "dir",
    isSymbolicLink: false,
  };
  if (uid !== undefined) stat.uid = uid;
  if (gid !== undefined) stat.gid = gid;
  return stat;
}
