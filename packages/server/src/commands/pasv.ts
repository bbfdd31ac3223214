import { formatPasv } from "@ftp/protocol";
import { defineCommand } from "../command.js";
import { NoAvailablePortError } from "../errors.js";
import { ReplyError } from "../reply-error.js";
import { pasvAddress, type Session } from "../session.js";

/** Opens (or reuses) the passive listener; 425 when no port is free (the session goes on). */
export async function openPassive(session: Session): Promise<number> {
  try {
    const { port } = await session.data.openPassive();
    return port;
  } catch (error) {
    if (error instanceof NoAvailablePortError)
      throw new ReplyError(425, "Can't open passive connection: no free port.");
    throw new ReplyError(425, "Can't open passive connection.");
  }
}

/** PASV: passive mode with an IPv4 reply address (NAT address when configured). */
export const pasvCommand = defineCommand({
  name: "PASV",
  syntax: "PASV",
  keepsRestOffset: true,
  help: "Enter passive mode.",
  argument: "none",
  async handler(session) {
    if (session.state.epsvAll) throw new ReplyError(503, "PASV not allowed after EPSV ALL.");
    const host = pasvAddress(session);
    if (host === undefined)
      throw new ReplyError(522, "PASV needs IPv4; use EPSV on this connection.");
    const port = await openPassive(session);
    await session.reply(227, formatPasv(host, port));
  },
});
