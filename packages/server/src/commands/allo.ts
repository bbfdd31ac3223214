import { defineCommand } from "../command.js";

/** ALLO: storage need not be reserved on this server (202). */
export const alloCommand = defineCommand({
  name: "ALLO",
  syntax: "ALLO <sp> bytes",
  help: "Allocate storage (not needed).",
  async handler(session) {
    await session.reply(202, "No storage allocation necessary.");
  },
});
