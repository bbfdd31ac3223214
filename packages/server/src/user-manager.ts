import type { User } from "./user.js";

/** Outcome of {@link AbstractUserManager.getUser}. */
export const GetUserResponse = {
  /** The user may log in without a password (anonymous, or no password set). */
  OK: "ok",
  /** The user exists and must send PASS. */
  PASSWORD_REQUIRED: "password-required",
  /** Login refused (unknown user, disabled, ...). */
  ERROR: "error",
} as const;

/** One of the {@link GetUserResponse} values. */
export type GetUserResponse = (typeof GetUserResponse)[keyof typeof GetUserResponse];

/** What {@link AbstractUserManager.getUser} returns. */
export interface GetUserResult {
  /** What the server should do next. */
  status: GetUserResponse;
  /** The matched user (absent on `error`). */
  user?: User;
  /** Short text for the peer (never internal details). */
  info: string;
}

/** Options every user manager accepts. */
export interface UserManagerOptions {
  /** Milliseconds a user-manager call may take before the login fails. Default unlimited. */
  timeout?: number;
}

/**
 * Where the server finds users. Subclass it for databases, LDAP, ... The server calls
 * `getUser` on USER, `authenticate` on PASS, `acquire` once authentication succeeded (so a
 * user's connection slot is never taken by someone who does not know the password), and
 * `notifyLogout` when a session that acquired a user ends, re-logs in or sends REIN.
 */
export abstract class AbstractUserManager {
  /** See {@link UserManagerOptions.timeout}. */
  readonly timeout: number | undefined;

  constructor(options: UserManagerOptions = {}) {
    this.timeout = options.timeout;
  }

  /** Looks a login name up. Must not take a connection slot. */
  abstract getUser(login: string): Promise<GetUserResult>;

  /** Checks a password for a user returned by `getUser`. */
  abstract authenticate(user: User, password: string): Promise<boolean>;

  /**
   * Takes one of the user's connection slots after successful authentication. Returns an
   * error text for the peer when the user has no free slot. Default: always succeeds.
   */
  async acquire(_user: User): Promise<{ ok: true } | { ok: false; info: string }> {
    return { ok: true };
  }

  /** Gives back what `acquire` took. Default: nothing to do. */
  async notifyLogout(_user: User): Promise<void> {}
}
