import { sameHost } from "../address.js";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import type { Session } from "../session.js";
import { parseEprtArgument, parsePortArgument } from "../wire.js";

/** Anti-bounce checks (RFC 2577): only the control peer, only unprivileged ports. */
function checkTarget(session: Session, host: string, port: number): void {
  const options = session.server.options;
  if (!options.allowForeignDataPeers && !sameHost(host, session.remoteAddress))
    throw new ReplyError(501, "Rejected data connection to a foreign address.");
  if (!options.allowPrivilegedDataPorts && port < 1024)
    throw new ReplyError(501, "Rejected data connection to a privileged port.");
}

/** PORT: active mode to `h,h,h,h,p,p`. */
export const portCommand = defineCommand({
  name: "PORT",
  syntax: "PORT <sp> h1,h2,h3,h4,p1,p2",
  help: "Enter active mode.",
  argument: "required",
  async handler(session, argument) {
    if (session.state.epsvAll) throw new ReplyError(503, "PORT not allowed after EPSV ALL.");
    const target = parsePortArgument(argument);
    if (target === undefined) throw new ReplyError(501, "Invalid PORT argument.");
    checkTarget(session, target.host, target.port);
    session.data.setActive(target.host, target.port);
    await session.reply(200, "PORT command successful. Consider using PASV.");
  },
});

/** EPRT (RFC 2428): active mode, IPv4 or IPv6. */
export const eprtCommand = defineCommand({
  name: "EPRT",
  syntax: "EPRT <sp> |proto|address|port|",
  help: "Enter extended active mode.",
  argument: "required",
  feature: "EPRT",
  async handler(session, argument) {
    if (session.state.epsvAll) throw new ReplyError(503, "EPRT not allowed after EPSV ALL.");
    const target = parseEprtArgument(argument);
    if (target === undefined) throw new ReplyError(501, "Invalid EPRT argument.");
    if ("unsupported" in target)
      throw new ReplyError(522, "Network protocol not supported, use (1,2).");
    checkTarget(session, target.host, target.port);
    session.data.setActive(target.host, target.port);
    await session.reply(200, "EPRT command successful.");
  },
});
