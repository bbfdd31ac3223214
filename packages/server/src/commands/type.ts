import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** TYPE: `A` (ASCII, with CRLF conversion; `A N` too), `I` or `L 8` (binary). Case-insensitive. */
export const typeCommand = defineCommand({
  name: "TYPE",
  syntax: "TYPE <sp> type-code (A, I, L 8)",
  help: "Set the transfer type.",
  argument: "required",
  async handler(session, argument) {
    const value = argument.trim().toUpperCase().replace(/\s+/g, " ");
    if (value === "A" || value === "A N") {
      session.state.transferType = "A";
      await session.reply(200, "Switching to ASCII mode.");
    } else if (value === "I" || value === "L 8" || value === "L8") {
      session.state.transferType = "I";
      await session.reply(200, "Switching to Binary mode.");
    } else if (/^(A [TC]|E( [NTC])?|L \d+)$/.test(value)) {
      throw new ReplyError(504, "Type not implemented for that parameter.");
    } else throw new ReplyError(501, "Unrecognized TYPE.");
  },
});
