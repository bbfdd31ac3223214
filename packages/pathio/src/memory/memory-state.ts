/** `st_mode` type bit of a directory. */
export const S_IFDIR = 0o040000;
/** `st_mode` type bit of a regular file. */
export const S_IFREG = 0o100000;
/** `st_mode` type bit of a symbolic link. */
export const S_IFLNK = 0o120000;

/** Permission bits of a new directory in {@link MemoryPathIO} (`drwxr-xr-x`). */
export const MEMORY_DIR_MODE = 0o755;
/** Permission bits of a new file in {@link MemoryPathIO} (`-rw-r--r--`). */
export const MEMORY_FILE_MODE = 0o644;
/** The size a directory reports, as an ext4 disk would. */
export const MEMORY_DIR_SIZE = 4096;

interface NodeBase {
  /** Permission bits only (`& 0o7777`). */
  permissions: number;
  mtime: Date;
  ctime: Date;
}

/** A directory of the in-memory tree. */
export interface MemoryDir extends NodeBase {
  readonly type: "dir";
  readonly children: Map<string, MemoryNode>;
  /** How many children are directories (for `nlink`, kept up to date by attach/detach). */
  subdirs: number;
}

/** A file of the in-memory tree: `data[0, size)` is the content, the rest is capacity. */
export interface MemoryFile extends NodeBase {
  readonly type: "file";
  data: Buffer;
  size: number;
}

/** A node of the in-memory tree. */
export type MemoryNode = MemoryDir | MemoryFile;

/** Makes a directory node stamped `now`. */
export function newDir(now = new Date()): MemoryDir {
  return {
    type: "dir",
    children: new Map(),
    subdirs: 0,
    permissions: MEMORY_DIR_MODE,
    mtime: now,
    ctime: now,
  };
}

/** Makes an empty file node stamped `now`. */
export function newFile(now = new Date()): MemoryFile {
  return {
    type: "file",
    data: Buffer.alloc(0),
    size: 0,
    permissions: MEMORY_FILE_MODE,
    mtime: now,
    ctime: now,
  };
}

/**
 * The tree behind {@link MemoryPathIO}. Every backend instance given the same state sees (and
 * changes) the same files, which is how all sessions of one server share an in-memory tree.
 */
export class MemoryPathIOState {
  /** The root directory `/`. */
  readonly root: MemoryDir = newDir();
}

/** Grows `file`'s buffer (doubling) so it can hold `needed` bytes, zero-filling new space. */
export function ensureCapacity(file: MemoryFile, needed: number): void {
  if (needed <= file.data.length) return;
  let capacity = Math.max(file.data.length * 2, 4096);
  while (capacity < needed) capacity *= 2;
  const next = Buffer.alloc(capacity);
  file.data.copy(next, 0, 0, file.size);
  file.data = next;
}

/** Puts `node` into `dir` as `name` (replacing any entry), stamping `dir`'s times. */
export function attach(dir: MemoryDir, name: string, node: MemoryNode, now = new Date()): void {
  const previous = dir.children.get(name);
  if (previous?.type === "dir") dir.subdirs--;
  dir.children.set(name, node);
  if (node.type === "dir") dir.subdirs++;
  dir.mtime = now;
  dir.ctime = now;
}

/** Removes `name` from `dir`, stamping `dir`'s times. */
export function detach(dir: MemoryDir, name: string, now = new Date()): void {
  const previous = dir.children.get(name);
  if (previous === undefined) return;
  if (previous.type === "dir") dir.subdirs--;
  dir.children.delete(name);
  dir.mtime = now;
  dir.ctime = now;
}
