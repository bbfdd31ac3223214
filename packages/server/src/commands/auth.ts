import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";

/** AUTH TLS (RFC 4217): upgrades the control connection (explicit FTPS). */
export const authCommand = defineCommand({
  name: "AUTH",
  syntax: "AUTH <sp> TLS",
  help: "Start TLS on the control connection.",
  needsLogin: false,
  argument: "required",
  feature: (session) => (session.server.secureContext !== undefined ? "AUTH TLS" : undefined),
  async handler(session, argument) {
    if (session.server.secureContext === undefined)
      throw new ReplyError(502, "TLS is not configured on this server.");
    const mechanism = argument.trim().toUpperCase();
    if (mechanism !== "TLS" && mechanism !== "TLS-C" && mechanism !== "SSL")
      throw new ReplyError(504, "Unsupported AUTH mechanism (use AUTH TLS).");
    if (session.state.tls) throw new ReplyError(503, "TLS is already active.");
    await session.upgradeToTls("AUTH TLS successful.");
  },
});
