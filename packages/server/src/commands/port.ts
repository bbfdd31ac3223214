import { sameHost } from "../address.js";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import type { Session } from "../session.js";
import { parsePortArgument } from "../wire.js";

/** Anti-bounce checks (RFC 2577): only the control peer, only unprivileged ports. */
export function checkTarget(session: Session, host: string, port: number): void {
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
  keepsRestOffset: true,
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
