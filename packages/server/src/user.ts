import { PathIsNotAbsoluteError } from "@ftp/protocol";
import { Permission, resolvePermission } from "./permission.js";

/** Options of a {@link User}; every field is optional. */
export interface UserOptions {
  /** Login name; absent = the anonymous catch-all user (any login without an exact match). */
  login?: string;
  /** Password; absent = no password needed. */
  password?: string;
  /**
   * Backend directory shown to the user as `/`. Default: the backend's own root (`/` for
   * `MemoryPathIO`, the process's working directory for the disk backends).
   */
  basePath?: string;
  /** Virtual directory the session starts in; must be absolute. Default `/`. */
  homePath?: string;
  /** Per-path rights, nearest ancestor wins. Default: everything readable and writable. */
  permissions?: readonly Permission[];
  /** Simultaneous logged-in sessions of this user. Default unlimited. */
  maximumConnections?: number;
  /** Bytes/s the server reads from all of this user's sessions together (uploads). */
  readSpeedLimit?: number;
  /** Bytes/s the server writes to all of this user's sessions together (downloads). */
  writeSpeedLimit?: number;
  /** Bytes/s the server reads per session of this user. */
  readSpeedLimitPerConnection?: number;
  /** Bytes/s the server writes per session of this user. */
  writeSpeedLimitPerConnection?: number;
}

function checkLimit(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number`);
  return value;
}

/** An account of the server: credentials, root, home, permissions, limits. */
export class User {
  /** Login name, or `undefined` for the anonymous catch-all user. */
  readonly login: string | undefined;
  /** Password, or `undefined` when none is needed. */
  readonly password: string | undefined;
  /** Backend directory mapped to the virtual `/` (`undefined` = the backend's root). */
  readonly basePath: string | undefined;
  /** Virtual start directory (absolute). */
  readonly homePath: string;
  /** Per-path rights. */
  readonly permissions: readonly Permission[];
  /** Simultaneous sessions of this user, `undefined` = unlimited. */
  readonly maximumConnections: number | undefined;
  /** See {@link UserOptions.readSpeedLimit}. */
  readonly readSpeedLimit: number | undefined;
  /** See {@link UserOptions.writeSpeedLimit}. */
  readonly writeSpeedLimit: number | undefined;
  /** See {@link UserOptions.readSpeedLimitPerConnection}. */
  readonly readSpeedLimitPerConnection: number | undefined;
  /** See {@link UserOptions.writeSpeedLimitPerConnection}. */
  readonly writeSpeedLimitPerConnection: number | undefined;

  /** @throws PathIsNotAbsoluteError when `homePath` is relative. */
  constructor(options: UserOptions = {}) {
    this.login = options.login;
    this.password = options.password;
    this.basePath = options.basePath;
    const home = options.homePath ?? "/";
    if (!home.startsWith("/")) throw new PathIsNotAbsoluteError(home);
    this.homePath = home;
    this.permissions = options.permissions ?? [new Permission()];
    if (options.maximumConnections !== undefined) {
      if (!Number.isInteger(options.maximumConnections) || options.maximumConnections < 1)
        throw new RangeError("maximumConnections must be a positive integer");
    }
    this.maximumConnections = options.maximumConnections;
    this.readSpeedLimit = checkLimit("readSpeedLimit", options.readSpeedLimit);
    this.writeSpeedLimit = checkLimit("writeSpeedLimit", options.writeSpeedLimit);
    this.readSpeedLimitPerConnection = checkLimit(
      "readSpeedLimitPerConnection",
      options.readSpeedLimitPerConnection,
    );
    this.writeSpeedLimitPerConnection = checkLimit(
      "writeSpeedLimitPerConnection",
      options.writeSpeedLimitPerConnection,
    );
  }

  /** True for the anonymous catch-all user. */
  get anonymous(): boolean {
    return this.login === undefined;
  }

  /** The permission governing a virtual path (nearest ancestor wins). */
  async getPermissions(path: string): Promise<Permission> {
    return resolvePermission(this.permissions, path);
  }

  /** Name used in replies and events (`anonymous` for the catch-all user). */
  get displayName(): string {
    return this.login ?? "anonymous";
  }
}
