import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import type { Session } from "../session.js";

/** Changes the working directory to `argument` (shared by CWD and CDUP). */
export async function changeDirectory(session: Session, argument: string): Promise<void> {
  const { virtual, real } = await session.resolve(argument);
  if (!(await session.pathio.isDir(real))) throw new ReplyError(550, "No such directory.");
  await session.assertPermission(virtual, "readable");
  session.state.cwd = virtual;
  await session.reply(250, "Directory successfully changed.");
}

/** CWD / XCWD: change the working directory. */
export const cwdCommand = defineCommand({
  name: "CWD",
  aliases: ["XCWD"],
  syntax: "CWD <sp> pathname",
  help: "Change the working directory.",
  argument: "required",
  feature: "TVFS",
  handler: changeDirectory,
});
