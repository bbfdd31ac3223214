import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { formatTime, parseTime } from "../wire.js";

/** MFMT (draft-somers-ftp-mfxx): set a file's modification time. */
export const mfmtCommand = defineCommand({
  name: "MFMT",
  syntax: "MFMT <sp> YYYYMMDDHHMMSS <sp> path",
  help: "Set the modification time of a file.",
  argument: "required",
  feature: "MFMT",
  async handler(session, argument) {
    const space = argument.indexOf(" ");
    const time = space === -1 ? undefined : parseTime(argument.slice(0, space));
    const path = space === -1 ? "" : argument.slice(space + 1);
    if (time === undefined || path === "")
      throw new ReplyError(501, "Syntax: MFMT YYYYMMDDHHMMSS path.");
    const { virtual, real } = await session.resolve(path);
    await session.assertPermission(virtual, "writable");
    if (!(await session.pathio.isFile(real))) throw new ReplyError(550, "Not a regular file.");
    await session.pathio.setModifiedTime(real, time);
    await session.reply(213, `Modify=${formatTime(time)}; ${virtual}`);
  },
});
