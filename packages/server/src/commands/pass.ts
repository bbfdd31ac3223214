import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { failLogin, withManagerTimeout } from "./login-helpers.js";

/** PASS: checks the password of the user USER selected. */
export const passCommand = defineCommand({
  name: "PASS",
  syntax: "PASS [<sp> password]",
  help: "Specify the password.",
  needsLogin: false,
  async handler(session, argument) {
    const state = session.state;
    if (session.server.options.requireTlsForLogin && !state.tls)
      throw new ReplyError(530, "TLS is required before login (use AUTH TLS).");
    if (session.loggedIn) throw new ReplyError(503, "Already logged in.");
    const login = state.loginName ?? "";
    if (state.pendingUnknown) {
      await failLogin(session, login, "bad-credentials");
      return;
    }
    const user = state.pendingUser;
    if (user === undefined) throw new ReplyError(503, "Login with USER first.");
    let ok = false;
    try {
      ok = await withManagerTimeout(session, () =>
        session.server.userManager.authenticate(user, argument),
      );
    } catch (error) {
      session.server.emit("sessionError", { sessionId: session.id, error });
      await failLogin(session, login, "error");
      return;
    }
    if (!ok) {
      await failLogin(session, login, "bad-credentials");
      return;
    }
    let done: Awaited<ReturnType<typeof session.completeLogin>>;
    try {
      done = await withManagerTimeout(session, () => session.completeLogin(user, login));
    } catch (error) {
      session.server.emit("sessionError", { sessionId: session.id, error });
      await failLogin(session, login, "error");
      return;
    }
    if (!done.ok) {
      await failLogin(session, login, "user-limit", done.info);
      return;
    }
    await session.reply(230, "Login successful.");
  },
});
