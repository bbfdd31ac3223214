import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** SIZE (RFC 3659): size of a file in bytes; refused in TYPE A (the ASCII size would need a full read). */
export const sizeCommand = defineCommand({
  name: "SIZE",
  syntax: "SIZE <sp> file-name",
  help: "Show the size of a file.",
  argument: "required",
  feature: "SIZE",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await session.assertPermission(virtual, "readable");
    const stat = await session.pathio.stat(real);
    if (!stat.isFile) throw new ReplyError(550, "Not a regular file.");
    if (session.state.transferType === "A")
      throw new ReplyError(550, "SIZE not allowed in ASCII mode.");
    await session.reply(213, String(stat.size));
  },
});
