import { defineCommand } from "../command.js";

/** FEAT (RFC 2389): generated from the command registry, so it lists exactly what runs. */
export const featCommand = defineCommand({
  name: "FEAT",
  syntax: "FEAT",
  help: "List the extensions this server supports.",
  needsLogin: false,
  argument: "none",
  async handler(session) {
    const features = session.server.registry.features(session);
    await session.reply(211, ["Features:", ...features.map((feature) => ` ${feature}`), "End"]);
  },
});
