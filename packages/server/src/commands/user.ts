import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { GetUserResponse } from "../user-manager.js";
import { failLogin, withManagerTimeout } from "./login-helpers.js";

/** USER: selects an account; anonymous or password-less users are logged in at once. */
export const userCommand = defineCommand({
  name: "USER",
  syntax: "USER <sp> user-name",
  help: "Specify the user name.",
  needsLogin: false,
  argument: "required",
  async handler(session, argument) {
    const { options } = session.server;
    if (options.requireTlsForLogin && !session.state.tls)
      throw new ReplyError(530, "TLS is required before login (use AUTH TLS).");
    await session.logout();
    const login = argument;
    session.state.loginName = login;
    let result: Awaited<ReturnType<typeof session.server.userManager.getUser>>;
    try {
      result = await withManagerTimeout(session, () => session.server.userManager.getUser(login));
    } catch (error) {
      session.server.emit("sessionError", { sessionId: session.id, error });
      await failLogin(session, login, "error");
      return;
    }
    if (result.status === GetUserResponse.ERROR || result.user === undefined) {
      // Never tell the peer whether the name exists: ask for a password, fail at PASS.
      session.state.pendingUnknown = true;
      await session.reply(331, "Password required.");
      return;
    }
    if (result.status === GetUserResponse.PASSWORD_REQUIRED) {
      session.state.pendingUser = result.user;
      await session.reply(331, "Password required.");
      return;
    }
    const user = result.user;
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
    await session.reply(230, result.info);
  },
});
