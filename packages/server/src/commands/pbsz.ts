import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** PBSZ (RFC 4217): only 0 makes sense for TLS. */
export const pbszCommand = defineCommand({
  name: "PBSZ",
  syntax: "PBSZ <sp> 0",
  help: "Protection buffer size (0 for TLS).",
  needsLogin: false,
  argument: "required",
  feature: (session) => (session.server.secureContext !== undefined ? "PBSZ" : undefined),
  async handler(session, argument) {
    if (!session.state.tls) throw new ReplyError(503, "PBSZ needs TLS first (AUTH TLS).");
    if (!/^\d+$/.test(argument.trim())) throw new ReplyError(501, "Invalid PBSZ value.");
    session.state.pbsz = true;
    await session.reply(200, "PBSZ=0");
  },
});
