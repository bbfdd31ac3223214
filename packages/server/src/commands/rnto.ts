import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** RNTO: renames what RNFR named; an existing target is not overwritten (550). */
export const rntoCommand = defineCommand({
  name: "RNTO",
  syntax: "RNTO <sp> pathname",
  help: "Rename to (after RNFR).",
  argument: "required",
  needsRenameFrom: true,
  async handler(session, argument) {
    const from = session.state.renameFrom!;
    session.state.renameFrom = undefined;
    const { virtual, real } = await session.resolve(argument);
    await session.assertEntryWritable(virtual);
    if (await session.pathio.exists(real)) throw new ReplyError(550, "Target exists.");
    if (virtual === from.virtual || virtual.startsWith(`${from.virtual}/`))
      throw new ReplyError(553, "Cannot move a directory into itself.");
    await session.pathio.rename(from.real, real);
    await session.reply(250, "Rename successful.");
  },
});
