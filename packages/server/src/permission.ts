import { posix } from "node:path";

/** Options of a {@link Permission}. */
export interface PermissionOptions {
  /** Files and directories below the path may be read and listed. Default `true`. */
  readable?: boolean;
  /** Files and directories below the path may be created, changed and removed. Default `true`. */
  writable?: boolean;
}

/** Normalises a virtual path: absolute, POSIX, no trailing slash (except `/`), `..` clamped. */
export function normalizePermissionPath(path: string): string {
  const normalized = posix.normalize(posix.join("/", path.replaceAll("\\", "/")));
  return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
}

/**
 * Read and write rights on a virtual path and everything below it. A user's permissions are
 * resolved by the nearest ancestor: the permission whose path is the longest prefix of the
 * path asked about wins (`/` read-only plus `/pub` writable makes `/pub/x` writable).
 */
export class Permission {
  /** The virtual path this permission covers (normalised, absolute). */
  readonly path: string;
  /** Reading and listing allowed. */
  readonly readable: boolean;
  /** Creating, changing and removing allowed. */
  readonly writable: boolean;

  constructor(path = "/", options: PermissionOptions = {}) {
    this.path = normalizePermissionPath(path);
    this.readable = options.readable ?? true;
    this.writable = options.writable ?? true;
  }

  /** True when `other` is this permission's path or lies below it. */
  isParent(other: string): boolean {
    const target = normalizePermissionPath(other);
    if (this.path === "/") return true;
    return target === this.path || target.startsWith(`${this.path}/`);
  }

  /** Number of path components (`/` = 0); the nearest ancestor has the largest depth. */
  get depth(): number {
    return this.path === "/" ? 0 : this.path.split("/").length - 1;
  }
}

/**
 * Picks the permission that governs `path`: among those that are parents of it, the nearest
 * (deepest) one; when none applies, full read and write access (`new Permission()`).
 */
export function resolvePermission(permissions: readonly Permission[], path: string): Permission {
  let best: Permission | undefined;
  for (const permission of permissions) {
    if (!permission.isParent(path)) continue;
    if (best === undefined || permission.depth > best.depth) best = permission;
  }
  return best ?? new Permission();
}
