import { defineCommand } from "../command.js";

/** QUIT: waits for a running transfer, says goodbye and closes. */
export const quitCommand = defineCommand({
  name: "QUIT",
  syntax: "QUIT",
  help: "Log out and close the connection.",
  needsLogin: false,
  duringTransfer: true,
  async handler(session) {
    await session.transfer?.done;
    await session.reply(221, "Goodbye.");
    await session.closeAfterReplies();
  },
});
