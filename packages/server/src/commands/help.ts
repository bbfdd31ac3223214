import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** HELP: every verb of the registry, or the syntax of one. */
export const helpCommand = defineCommand({
  name: "HELP",
  syntax: "HELP [<sp> command]",
  help: "Show the commands, or help on one.",
  needsLogin: false,
  async handler(session, argument) {
    const registry = session.server.registry;
    const name = argument.trim().toUpperCase();
    if (name !== "") {
      const command = registry.get(name);
      if (command === undefined) throw new ReplyError(502, "Unknown command.");
      await session.reply(214, `Syntax: ${command.syntax} -- ${command.help}`);
      return;
    }
    const verbs = registry.verbs();
    const rows: string[] = [];
    for (let i = 0; i < verbs.length; i += 8)
      rows.push(
        ` ${verbs
          .slice(i, i + 8)
          .map((verb) => verb.padEnd(6))
          .join(" ")}`.trimEnd(),
      );
    await session.reply(214, ["The following commands are recognized:", ...rows, "Help OK."]);
  },
});
