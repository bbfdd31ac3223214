import { timingSafeEqual } from "node:crypto";
import { ConnectionCounter } from "./connection-counter.js";
import { User } from "./user.js";
import {
  AbstractUserManager,
  GetUserResponse,
  type GetUserResult,
  type UserManagerOptions,
} from "./user-manager.js";

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * Users held in memory, with aioftp's semantics: an exact login match wins, else the first
 * user without a login (the anonymous catch-all) takes any name; no users at all means one
 * anonymous user with full access. Per-user connection limits count logged-in sessions.
 * Passwords are compared in constant time.
 */
export class MemoryUserManager extends AbstractUserManager {
  /** The users, in the order given. */
  readonly users: readonly User[];
  readonly #slots = new Map<User, ConnectionCounter>();

  constructor(users?: readonly User[], options: UserManagerOptions = {}) {
    super(options);
    this.users = users !== undefined && users.length > 0 ? [...users] : [new User()];
    for (const user of this.users)
      this.#slots.set(user, new ConnectionCounter(user.maximumConnections));
  }

  override async getUser(login: string): Promise<GetUserResult> {
    const user =
      this.users.find((candidate) => candidate.login === login) ??
      this.users.find((candidate) => candidate.login === undefined);
    if (user === undefined) {
      // Same answer as for a real user: the peer cannot probe which names exist.
      return { status: GetUserResponse.ERROR, info: "Login incorrect." };
    }
    if (user.anonymous) return { status: GetUserResponse.OK, user, info: "Anonymous login ok." };
    if (user.password === undefined)
      return { status: GetUserResponse.OK, user, info: "Login without password ok." };
    return { status: GetUserResponse.PASSWORD_REQUIRED, user, info: "Password required." };
  }

  override async authenticate(user: User, password: string): Promise<boolean> {
    if (user.password === undefined) return true;
    return sameSecret(user.password, password);
  }

  override async acquire(user: User): Promise<{ ok: true } | { ok: false; info: string }> {
    const counter = this.#counter(user);
    if (!counter.tryAcquire())
      return { ok: false, info: `Too many connections for '${user.displayName}'.` };
    return { ok: true };
  }

  override async notifyLogout(user: User): Promise<void> {
    const counter = this.#counter(user);
    if (counter.used > 0) counter.release();
  }

  /** Logged-in sessions of a user right now. */
  connectionsOf(user: User): number {
    return this.#slots.get(user)?.used ?? 0;
  }

  #counter(user: User): ConnectionCounter {
    let counter = this.#slots.get(user);
    if (counter === undefined) {
      counter = new ConnectionCounter(user.maximumConnections);
      this.#slots.set(user, counter);
    }
    return counter;
  }
}
