import { quotePath } from "@ftp/protocol";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/**
 * MKD / XMKD: create one directory (RFC 959; a missing parent is 550, so a permission on a
 * parent can never be bypassed); 257 with the quoted path.
 */
export const mkdCommand = defineCommand({
  name: "MKD",
  aliases: ["XMKD"],
  syntax: "MKD <sp> pathname",
  help: "Make a directory.",
  argument: "required",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await session.assertEntryWritable(virtual);
    if (await session.pathio.exists(real)) throw new ReplyError(550, "File exists.");
    await session.pathio.mkdir(real);
    await session.reply(257, `${quotePath(virtual)} created.`);
  },
});
