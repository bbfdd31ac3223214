import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** MODE: only `S` (stream). */
export const modeCommand = defineCommand({
  name: "MODE",
  syntax: "MODE <sp> S",
  help: "Set the transfer mode (S only).",
  argument: "required",
  async handler(session, argument) {
    const value = argument.trim().toUpperCase();
    if (value === "S") await session.reply(200, "Mode set to S.");
    else if (value === "B" || value === "C" || value === "Z")
      throw new ReplyError(504, "Unsupported transfer mode.");
    else throw new ReplyError(501, "Unrecognized MODE.");
  },
});
