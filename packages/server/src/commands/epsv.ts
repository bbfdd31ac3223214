import { formatEpsv } from "@ftp/protocol";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { openPassive } from "./pasv.js";

/** EPSV (RFC 2428): passive mode, port only; `EPSV ALL` locks the session to EPSV. */
export const epsvCommand = defineCommand({
  name: "EPSV",
  syntax: "EPSV [<sp> 1 | 2 | ALL]",
  keepsRestOffset: true,
  help: "Enter extended passive mode.",
  feature: "EPSV",
  async handler(session, argument) {
    const value = argument.trim().toUpperCase();
    if (value === "ALL") {
      session.state.epsvAll = true;
      await session.reply(200, "EPSV ALL ok.");
      return;
    }
    if (value !== "") {
      const family =
        session.localAddress.includes(":") && !session.localAddress.startsWith("::ffff:")
          ? "2"
          : "1";
      if (value !== "1" && value !== "2")
        throw new ReplyError(522, `Network protocol not supported, use (${family}).`);
      if (value !== family)
        throw new ReplyError(522, `Network protocol not supported, use (${family}).`);
    }
    const port = await openPassive(session);
    await session.reply(229, formatEpsv(port));
  },
});
