import type { AbstractPathIO } from "./abstract-pathio.js";
import { isPathIOError, PathIOError } from "./errors.js";
import type { FileStat } from "./types.js";
import { normalizeVirtualPath, virtualSegments } from "./virtual-path.js";

/**
 * What {@link VirtualRoot} does about symbolic links:
 *
 * - `"inside-root"` (default): links are followed only while they stay inside the root; a
 *   path whose resolved location (through every link, including a dangling link's target)
 *   leaves the root is refused with `outside-root`.
 * - `"never-check"`: purely lexical containment (`..` cannot climb out, but a link inside the
 *   root may point anywhere). For backends without links, or trusted trees.
 */
export type SymlinkPolicy = "inside-root" | "never-check";

/** Options of {@link VirtualRoot}. */
export interface VirtualRootOptions {
  /** Symbolic link policy; default `"inside-root"`. */
  symlinks?: SymlinkPolicy;
}

/** A user's path resolved by {@link VirtualRoot.resolve}. */
export interface ResolvedPath {
  /** The normalised virtual path (`/a/b`): safe to show to the user. */
  virtual: string;
  /** The backend path to operate on: never show it to the user. */
  real: string;
}

/** Link hops followed before giving up (`ELOOP`), as Linux does. */
const MAX_LINK_HOPS = 40;

/**
 * Maps a user's virtual POSIX paths (as FTP commands carry them) onto backend paths under
 * `root`, and refuses any path that would leave it: lexically (`..` stops at `/`) and, with
 * the default `"inside-root"` policy, physically (symbolic links are resolved with
 * `realpath`; for paths that do not exist yet, as STOR and MKD targets, the deepest existing
 * ancestor is resolved, and dangling links are followed to their target).
 *
 * Every error it raises is a {@link PathIOError} whose message names only the virtual path,
 * so it may be shown to the peer; `cause` keeps the backend error (which may hold real paths).
 * The check and the later operation are separate steps: a tree an attacker can change
 * concurrently (e.g. by swapping a directory for a link) is outside what this guards.
 */
export class VirtualRoot {
  /** The backend the paths belong to. */
  readonly pathio: AbstractPathIO;
  /** The root as a normalised backend path. */
  readonly root: string;
  /** The symbolic link policy in force. */
  readonly symlinks: SymlinkPolicy;
  readonly #separator: string;
  #realRoot: Promise<string> | undefined;

  constructor(pathio: AbstractPathIO, root: string, options: VirtualRootOptions = {}) {
    this.pathio = pathio;
    this.#separator = pathio.join("a", "b").slice(1, -1) || "/";
    let normalised = pathio.join(root);
    while (normalised.length > 1 && normalised.endsWith(this.#separator)) {
      normalised = normalised.slice(0, -this.#separator.length);
    }
    this.root = normalised;
    this.symlinks = options.symlinks ?? "inside-root";
  }

  /**
   * Resolves `input` against the virtual directory `cwd` (see {@link normalizeVirtualPath})
   * and maps it under the root. Rejects with `bad-mode` (NUL in the path) or `outside-root`
   * (a link leads out), or with the backend's reason if the root itself cannot be resolved.
   */
  async resolve(cwd: string, input: string): Promise<ResolvedPath> {
    const virtual = normalizeVirtualPath(cwd, input);
    const segments = virtualSegments(virtual);
    const real = segments.length === 0 ? this.root : this.pathio.join(this.root, ...segments);
    if (this.symlinks === "never-check") return { virtual, real };
    const realRoot = await this.#resolvedRoot();
    const physical = await this.#physical(real, virtual, 0);
    if (!this.#contains(realRoot, physical)) {
      throw new PathIOError("outside-root", `${virtual}: outside-root`);
    }
    return { virtual, real };
  }

  /**
   * The virtual path of a backend path under the root (e.g. an entry from `list`).
   * Throws `outside-root` (without naming the path) when `real` is not under the root.
   */
  toVirtual(real: string): string {
    const normalised = this.pathio.join(real);
    const separator = this.#separator;
    let rest: string;
    if (normalised === this.root) {
      rest = "";
    } else if (this.root === separator && normalised.startsWith(separator)) {
      rest = normalised;
    } else if (normalised.startsWith(this.root + separator)) {
      rest = normalised.slice(this.root.length);
    } else if (
      this.root === "." &&
      !isAbsolutePath(normalised) &&
      normalised !== ".." &&
      !normalised.startsWith(`..${separator}`)
    ) {
      rest = normalised;
    } else {
      throw new PathIOError("outside-root", "path is outside-root");
    }
    const segments = rest.split(separator).filter((segment) => segment !== "");
    return `/${segments.join("/")}`;
  }

  #contains(realRoot: string, physical: string): boolean {
    const separator = this.#separator;
    if (physical === realRoot) return true;
    const prefix = realRoot.endsWith(separator) ? realRoot : realRoot + separator;
    return physical.startsWith(prefix);
  }

  #resolvedRoot(): Promise<string> {
    this.#realRoot ??= this.pathio.realpath(this.root).catch((error: unknown) => {
      this.#realRoot = undefined;
      throw rewrap(error, "/");
    });
    return this.#realRoot;
  }

  /** Where `target` physically is: realpath of it, or of its deepest existing ancestor. */
  async #physical(target: string, virtual: string, hops: number): Promise<string> {
    if (hops > MAX_LINK_HOPS) {
      throw new PathIOError("io", `${virtual}: io (too many levels of symbolic links)`, {
        cause: Object.assign(new Error("too many symbolic links"), { code: "ELOOP" }),
      });
    }
    try {
      return await this.pathio.realpath(target);
    } catch (error) {
      if (!isPathIOError(error, "not-found", "not-a-directory")) throw rewrap(error, virtual);
    }
    let stat: FileStat | undefined;
    try {
      stat = await this.pathio.lstat(target);
    } catch (error) {
      if (!isPathIOError(error, "not-found", "not-a-directory")) throw rewrap(error, virtual);
    }
    const parent = this.pathio.dirname(target);
    if (stat?.isSymbolicLink === true) {
      // A dangling link: a write through it would create its target, so check the target.
      let link: string;
      try {
        link = await this.pathio.readlink(target);
      } catch (error) {
        throw rewrap(error, virtual);
      }
      if (isAbsolutePath(link)) return this.#physical(link, virtual, hops + 1);
      const base = await this.#physical(parent, virtual, hops + 1);
      const joined = base.endsWith(this.#separator) ? base + link : base + this.#separator + link;
      return this.#physical(joined, virtual, hops + 1);
    }
    if (parent === target) return target;
    const base = await this.#physical(parent, virtual, hops);
    return this.pathio.join(base, this.pathio.basename(target));
  }
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(path);
}

/** The same failure, reworded so the message names only the virtual path. */
function rewrap(error: unknown, virtual: string): PathIOError {
  const reason = error instanceof PathIOError ? error.reason : "io";
  return new PathIOError(reason, `${virtual}: ${reason}`, { cause: error });
}
