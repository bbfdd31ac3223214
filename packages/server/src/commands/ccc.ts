import { defineCommand } from "../command.js";

/** CCC (RFC 4217): refused; the control connection stays encrypted. */
export const cccCommand = defineCommand({
  name: "CCC",
  syntax: "CCC",
  help: "Clear command channel (refused).",
  argument: "none",
  async handler(session) {
    await session.reply(534, "CCC refused: the control connection stays protected.");
  },
});
