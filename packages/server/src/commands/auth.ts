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
