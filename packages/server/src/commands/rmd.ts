import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** RMD / XRMD: remove an empty directory. */
export const rmdCommand = defineCommand({
  name: "RMD",
  aliases: ["XRMD"],
  syntax: "RMD <sp> pathname",
  help: "Remove an empty directory.",
  argument: "required",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    if (virtual === "/") throw new ReplyError(550, "Cannot remove the root directory.");
    await session.assertEntryWritable(virtual);
    if (!(await session.pathio.isDir(real))) throw new ReplyError(550, "No such directory.");
    await session.pathio.rmdir(real);
    await session.reply(250, "Directory removed.");
  },
});
