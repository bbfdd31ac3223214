import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** REST (RFC 3659 STREAM): byte offset for the next RETR, STOR or APPE. */
export const restCommand = defineCommand({
  name: "REST",
  syntax: "REST <sp> byte-count",
  help: "Restart the next transfer at an offset.",
  argument: "required",
  keepsRestOffset: true,
  feature: "REST STREAM",
  async handler(session, argument) {
    const text = argument.trim();
    if (!/^\d{1,15}$/.test(text)) {
      session.state.restOffset = 0;
      throw new ReplyError(501, "Invalid REST parameter.");
    }
    session.state.restOffset = Number(text);
    await session.reply(350, `Restarting at ${session.state.restOffset}. Send STOR or RETR.`);
  },
});
