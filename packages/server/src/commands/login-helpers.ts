import type { LoginFailedEvent } from "../events.js";
import type { Session } from "../session.js";

/**
 * Answers a failed login: waits `loginFailureDelay × attempts` ms (so guessing gets slower
 * and slower), replies 530, and after `maxLoginAttempts` failures replies 421 and closes.
 */
export async function failLogin(
  session: Session,
  login: string,
  reason: LoginFailedEvent["reason"],
  text = "Login incorrect.",
): Promise<void> {
  const state = session.state;
  state.loginAttempts++;
  state.pendingUser = undefined;
  state.pendingUnknown = false;
  session.server.emit("loginFailed", {
    sessionId: session.id,
    login,
    remoteAddress: session.remoteAddress,
    reason,
    attempts: state.loginAttempts,
  });
  const { loginFailureDelay, maxLoginAttempts } = session.server.options;
  const delay = loginFailureDelay * state.loginAttempts;
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  await session.reply(530, text);
  if (state.loginAttempts >= maxLoginAttempts) {
    await session.reply(421, "Too many failed logins, closing control connection.");
    await session.closeAfterReplies();
  }
}

/** Thrown when a user-manager call exceeds the manager's `timeout`. */
export class UserManagerTimeoutError extends Error {
  constructor() {
    super("User manager timed out");
    this.name = "UserManagerTimeoutError";
  }
}

/** Runs a user-manager call under the manager's `timeout` (when it has one). */
export async function withManagerTimeout<T>(session: Session, call: () => Promise<T>): Promise<T> {
  const timeout = session.server.userManager.timeout;
  if (timeout === undefined) return call();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      call(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new UserManagerTimeoutError()), timeout);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
