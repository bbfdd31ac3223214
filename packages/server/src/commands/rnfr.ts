import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** RNFR: names the file or directory to rename. */
export const rnfrCommand = defineCommand({
  name: "RNFR",
  syntax: "RNFR <sp> pathname",
  help: "Rename from (followed by RNTO).",
  argument: "required",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    if (virtual === "/") throw new ReplyError(550, "Cannot rename the root directory.");
    await session.assertEntryWritable(virtual);
    if (!(await session.pathio.exists(real)))
      throw new ReplyError(550, "No such file or directory.");
    session.state.renameFrom = { virtual, real };
    await session.reply(350, "Ready for RNTO.");
  },
});
