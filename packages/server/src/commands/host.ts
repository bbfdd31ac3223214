import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** HOST (RFC 7151): names the virtual host before login. One host is served for all names. */
export const hostCommand = defineCommand({
  name: "HOST",
  syntax: "HOST <sp> host-name",
  help: "Select a virtual host (before login).",
  needsLogin: false,
  argument: "required",
  feature: "HOST",
  async handler(session, argument) {
    if (session.loggedIn || session.state.pendingUser !== undefined)
      throw new ReplyError(503, "HOST must come before USER.");
    const name = argument.trim();
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})$/.test(name))
      throw new ReplyError(501, "Invalid host name.");
    session.state.host = name;
    await session.reply(220, "Host accepted.");
  },
});
