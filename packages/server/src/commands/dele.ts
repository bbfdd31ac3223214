import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** DELE: delete a file (directories are refused: use RMD). */
export const deleCommand = defineCommand({
  name: "DELE",
  syntax: "DELE <sp> pathname",
  help: "Delete a file.",
  argument: "required",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await session.assertEntryWritable(virtual);
    if (!(await session.pathio.exists(real))) throw new ReplyError(550, "No such file.");
    if (await session.pathio.isDir(real)) throw new ReplyError(550, "Is a directory (use RMD).");
    await session.pathio.unlink(real);
    await session.reply(250, "File deleted.");
  },
});
