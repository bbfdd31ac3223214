import { defineCommand } from "../command.js";

/** SYST: the system type clients use to pick a LIST parser. */
export const systCommand = defineCommand({
  name: "SYST",
  syntax: "SYST",
  help: "Show the system type.",
  needsLogin: false,
  async handler(session) {
    await session.reply(215, "UNIX Type: L8");
  },
});
