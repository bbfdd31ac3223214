import { posix } from "node:path";
import type { Readable, Writable } from "node:stream";
import { AbstractPathIO } from "./abstract-pathio.js";
import { PathIOError } from "./errors.js";
import type {
  FileHandle,
  FileStat,
  MkdirOptions,
  OpenMode,
  ReadStreamOptions,
  StatReadStream,
  WriteStreamOptions,
} from "./types.js";
import { normalizeVirtualPath, virtualSegments } from "./virtual-path.js";

/**
 * Presents one directory of another backend as a whole POSIX tree: `/a/b` here is
 * `inner.join(prefix, "a", "b")` there. Paths are normalised lexically (`..` stops at `/`,
 * `\` is a separator, NUL is `bad-mode`), `list` yields paths of this tree, and `realpath` /
 * `readlink` results that point into the prefix are mapped back (a `realpath` leaving it fails
 * with `outside-root`). Use it to give each tenant a subtree of one shared
 * {@link MemoryPathIO}, or to expose a disk directory with POSIX paths on any platform.
 *
 * It does not check symbolic links inside the prefix: put a {@link VirtualRoot} in front (or
 * use it instead) when users may create links.
 *
 * @example
 * ```ts
 * const shared = MemoryPathIO.factory();
 * const forAlice = () => new PrefixPathIO(shared(), "/tenants/alice");
 * ```
 */
export class PrefixPathIO extends AbstractPathIO {
  /** The backend the paths are mapped into. */
  readonly inner: AbstractPathIO;
  /** The directory of `inner` that is `/` here. */
  readonly prefix: string;
  readonly #separator: string;

  constructor(inner: AbstractPathIO, prefix: string) {
    super();
    this.inner = inner;
    this.#separator = inner.join("a", "b").slice(1, -1) || "/";
    let normalised = inner.join(prefix);
    while (normalised.length > 1 && normalised.endsWith(this.#separator)) {
      normalised = normalised.slice(0, -this.#separator.length);
    }
    this.prefix = normalised;
  }

  /** The `inner` path of a path of this tree (a trailing slash is kept: "must be a directory"). */
  toInner(path: string): string {
    const segments = virtualSegments(normalizeVirtualPath("/", path));
    if (segments.length === 0) return this.prefix;
    const mapped = this.inner.join(this.prefix, ...segments);
    return path.endsWith("/") || path.endsWith("\\") ? mapped + this.#separator : mapped;
  }

  /** The path of this tree for an `inner` path; `outside-root` when it is not under the prefix. */
  fromInner(innerPath: string): string {
    return this.#relative(innerPath, this.prefix);
  }

  #relative(innerPath: string, prefix: string): string {
    const normalised = this.inner.join(innerPath);
    const separator = this.#separator;
    if (normalised === prefix) return "/";
    const base = prefix.endsWith(separator) ? prefix : prefix + separator;
    if (!normalised.startsWith(base)) {
      throw new PathIOError("outside-root", "path is outside-root", {
        cause: Object.assign(new Error("path outside the prefix"), { code: "EXDEV" }),
      });
    }
    const rest = normalised
      .slice(base.length)
      .split(separator)
      .filter((part) => part !== "");
    return `/${rest.join("/")}`;
  }

  override exists(path: string): Promise<boolean> {
    return this.#call(() => this.inner.exists(this.toInner(path)));
  }

  override isFile(path: string): Promise<boolean> {
    return this.#call(() => this.inner.isFile(this.toInner(path)));
  }

  override isDir(path: string): Promise<boolean> {
    return this.#call(() => this.inner.isDir(this.toInner(path)));
  }

  override mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return this.#call(() => this.inner.mkdir(this.toInner(path), options));
  }

  override rmdir(path: string): Promise<void> {
    return this.#call(() => this.inner.rmdir(this.toInner(path)));
  }

  override unlink(path: string): Promise<void> {
    return this.#call(() => this.inner.unlink(this.toInner(path)));
  }

  override async *list(path: string): AsyncGenerator<string, void, undefined> {
    const outer = normalizeVirtualPath("/", path);
    for await (const entry of this.inner.list(this.toInner(outer))) {
      yield posix.join(outer, this.inner.basename(entry));
    }
  }

  override stat(path: string): Promise<FileStat> {
    return this.#call(() => this.inner.stat(this.toInner(path)));
  }

  override lstat(path: string): Promise<FileStat> {
    return this.#call(() => this.inner.lstat(this.toInner(path)));
  }

  override readlink(path: string): Promise<string> {
    return this.#call(async () => {
      const target = await this.inner.readlink(this.toInner(path));
      if (target.startsWith("/") || /^[A-Za-z]:[\\/]/.test(target)) {
        try {
          return this.fromInner(target);
        } catch {
          return target;
        }
      }
      return target;
    });
  }

  override realpath(path: string): Promise<string> {
    return this.#call(async () => {
      const [real, prefix] = await Promise.all([
        this.inner.realpath(this.toInner(path)),
        this.inner.realpath(this.prefix),
      ]);
      return this.#relative(real, prefix);
    });
  }

  override open(path: string, mode: OpenMode): Promise<FileHandle> {
    return this.#call(() => this.inner.open(this.toInner(path), mode));
  }

  override rename(from: string, to: string): Promise<void> {
    return this.#call(() => this.inner.rename(this.toInner(from), this.toInner(to)));
  }

  override setModifiedTime(path: string, date: Date): Promise<void> {
    return this.#call(() => this.inner.setModifiedTime(this.toInner(path), date));
  }

  override chmod(path: string, mode: number): Promise<void> {
    return this.#call(() => this.inner.chmod(this.toInner(path), mode));
  }

  override createReadStream(path: string, options?: ReadStreamOptions): Promise<Readable> {
    return this.#call(() => this.inner.createReadStream(this.toInner(path), options));
  }

  override openReadStream(path: string, options?: ReadStreamOptions): Promise<StatReadStream> {
    return this.#call(() => this.inner.openReadStream(this.toInner(path), options));
  }

  override createWriteStream(path: string, options?: WriteStreamOptions): Promise<Writable> {
    return this.#call(() => this.inner.createWriteStream(this.toInner(path), options));
  }

  /** Runs `action`, turning a synchronous throw (e.g. NUL in a path) into a rejection. */
  async #call<T>(action: () => Promise<T>): Promise<T> {
    return action();
  }
}
