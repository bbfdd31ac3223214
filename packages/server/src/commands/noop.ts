import { defineCommand } from "../command.js";

/** NOOP: keeps the connection alive. */
export const noopCommand = defineCommand({
  name: "NOOP",
  syntax: "NOOP",
  help: "Do nothing.",
  needsLogin: false,
  duringTransfer: true,
  async handler(session) {
    await session.reply(200, "NOOP ok.");
  },
});
