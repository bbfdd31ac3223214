import { formatMdtmTime, parseMdtmTime } from "@ftp/protocol";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** MFMT (draft-somers-ftp-mfxx): set a file's modification time. */
export const mfmtCommand = defineCommand({
  name: "MFMT",
  syntax: "MFMT <sp> YYYYMMDDHHMMSS <sp> path",
  help: "Set the modification time of a file.",
  argument: "required",
  feature: "MFMT",
  async handler(session, argument) {
    const space = argument.indexOf(" ");
    const time = space === -1 ? undefined : parseTimeArgument(argument.slice(0, space));
    const path = space === -1 ? "" : argument.slice(space + 1);
    if (time === undefined || path === "")
      throw new ReplyError(501, "Syntax: MFMT YYYYMMDDHHMMSS path.");
    const { virtual, real } = await session.resolve(path);
    await session.assertPermission(virtual, "writable");
    if (!(await session.pathio.isFile(real))) throw new ReplyError(550, "Not a regular file.");
    await session.pathio.setModifiedTime(real, time);
    await session.reply(213, `Modify=${formatMdtmTime(time)}; ${virtual}`);
  },
});

/** The MFMT time argument as a Date; undefined when it is not a valid `YYYYMMDDHHMMSS[.sss]`. */
function parseTimeArgument(text: string): Date | undefined {
  if (!/^\d{14}(\.\d{1,3})?$/.test(text)) return undefined;
  try {
    return parseMdtmTime(text);
  } catch {
    return undefined;
  }
}
