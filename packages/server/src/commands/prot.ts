import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** PROT (RFC 4217): `P` (TLS data connections) or `C` (clear). */
export const protCommand = defineCommand({
  name: "PROT",
  syntax: "PROT <sp> C | P",
  help: "Data channel protection level.",
  needsLogin: false,
  argument: "required",
  feature: (session) => (session.server.secureContext !== undefined ? "PROT" : undefined),
  async handler(session, argument) {
    if (!session.state.tls) throw new ReplyError(503, "PROT needs TLS first (AUTH TLS).");
    const level = argument.trim().toUpperCase();
    if (level === "P") {
      session.state.protection = "P";
      await session.reply(200, "Protection level set to P.");
    } else if (level === "C") {
      if (session.server.options.requireTlsForData)
        throw new ReplyError(534, "Clear data connections are not allowed.");
      session.state.protection = "C";
      await session.reply(200, "Protection level set to C.");
    } else if (level === "S" || level === "E") {
      throw new ReplyError(536, "Protection level not supported.");
    } else throw new ReplyError(504, "Unknown protection level.");
  },
});
