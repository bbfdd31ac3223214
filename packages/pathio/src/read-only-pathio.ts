import type { Readable, Writable } from "node:stream";
import { AbstractPathIO } from "./abstract-pathio.js";
import { type PathIOError, pathIOErrorFromCode } from "./errors.js";
import { assertOpenMode } from "./open-mode.js";
import type {
  FileHandle,
  FileStat,
  MkdirOptions,
  OpenMode,
  ReadStreamOptions,
  StatReadStream,
  WriteStreamOptions,
} from "./types.js";

function refuse(operation: string, path: string): PathIOError {
  return pathIOErrorFromCode("EROFS", operation, path);
}

/**
 * A read-only view of another backend: reads (`stat`, `list`, `open(path, "rb")`, read
 * streams, ...) pass through; every write (`mkdir`, `rmdir`, `unlink`, `rename`, `open` for
 * writing, `setModifiedTime`, `chmod`, write streams) fails with reason `permission`
 * (cause `EROFS`) before touching the inner backend, so a server answers 550.
 *
 * @example Serve a directory without letting anyone change it
 * ```ts
 * const pathIoFactory = () => new ReadOnlyPathIO(new AsyncPathIO());
 * ```
 */
export class ReadOnlyPathIO extends AbstractPathIO {
  /** The backend reads go to. */
  readonly inner: AbstractPathIO;

  constructor(inner: AbstractPathIO) {
    super();
    this.inner = inner;
  }

  override exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }

  override isFile(path: string): Promise<boolean> {
    return this.inner.isFile(path);
  }

  override isDir(path: string): Promise<boolean> {
    return this.inner.isDir(path);
  }

  override stat(path: string): Promise<FileStat> {
    return this.inner.stat(path);
  }

  override lstat(path: string): Promise<FileStat> {
    return this.inner.lstat(path);
  }

  override readlink(path: string): Promise<string> {
    return this.inner.readlink(path);
  }

  override realpath(path: string): Promise<string> {
    return this.inner.realpath(path);
  }

  override list(path: string): AsyncIterable<string> {
    return this.inner.list(path);
  }

  override async open(path: string, mode: OpenMode): Promise<FileHandle> {
    assertOpenMode(mode, path);
    if (mode !== "rb") throw refuse("open", path);
    return this.inner.open(path, mode);
  }

  override createReadStream(path: string, options?: ReadStreamOptions): Promise<Readable> {
    return this.inner.createReadStream(path, options);
  }

  override openReadStream(path: string, options?: ReadStreamOptions): Promise<StatReadStream> {
    return this.inner.openReadStream(path, options);
  }

  override async createWriteStream(path: string, _options?: WriteStreamOptions): Promise<Writable> {
    throw refuse("open", path);
  }

  override async mkdir(path: string, _options?: MkdirOptions): Promise<void> {
    throw refuse("mkdir", path);
  }

  override async rmdir(path: string): Promise<void> {
    throw refuse("rmdir", path);
  }

  override async unlink(path: string): Promise<void> {
    throw refuse("unlink", path);
  }

  override async rename(from: string, _to: string): Promise<void> {
    throw refuse("rename", from);
  }

  override async setModifiedTime(path: string, _date: Date): Promise<void> {
    throw refuse("setModifiedTime", path);
  }

  override async chmod(path: string, _mode: number): Promise<void> {
    throw refuse("chmod", path);
  }

  override join(...parts: string[]): string {
    return this.inner.join(...parts);
  }

  override dirname(path: string): string {
    return this.inner.dirname(path);
  }

  override basename(path: string): string {
    return this.inner.basename(path);
  }
}
