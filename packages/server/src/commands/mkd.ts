import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { quotePath } from "../wire.js";

/** MKD / XMKD: create a directory (and missing parents, as aioftp); 257 with the quoted path. */
export const mkdCommand = defineCommand({
  name: "MKD",
  aliases: ["XMKD"],
  syntax: "MKD <sp> pathname",
  help: "Make a directory.",
  argument: "required",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await session.assertPermission(virtual, "writable");
    if (await session.pathio.exists(real)) throw new ReplyError(550, "File exists.");
    await session.pathio.mkdir(real, { parents: true });
    await session.reply(257, `${quotePath(virtual)} created.`);
  },
});
