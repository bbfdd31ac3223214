import { formatMdtmTime } from "@ftp/protocol";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** MDTM (RFC 3659): modification time of a file, `YYYYMMDDHHMMSS` UTC. */
export const mdtmCommand = defineCommand({
  name: "MDTM",
  syntax: "MDTM <sp> file-name",
  help: "Show the modification time of a file.",
  argument: "required",
  feature: "MDTM",
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await session.assertPermission(virtual, "readable");
    const stat = await session.pathio.stat(real);
    if (!stat.isFile) throw new ReplyError(550, "Not a regular file.");
    await session.reply(213, formatMdtmTime(stat.mtime));
  },
});
