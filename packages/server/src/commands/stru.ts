import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** STRU: only `F` (file). */
export const struCommand = defineCommand({
  name: "STRU",
  syntax: "STRU <sp> F",
  help: "Set the file structure (F only).",
  argument: "required",
  async handler(session, argument) {
    const value = argument.trim().toUpperCase();
    if (value === "F") await session.reply(200, "Structure set to F.");
    else if (value === "R" || value === "P")
      throw new ReplyError(504, "Unsupported structure type.");
    else throw new ReplyError(501, "Unrecognized STRU.");
  },
});
