import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { parseEprtArgument } from "../wire.js";
import { checkTarget } from "./port.js";

/** EPRT (RFC 2428): active mode, IPv4 or IPv6. */
export const eprtCommand = defineCommand({
  name: "EPRT",
  syntax: "EPRT <sp> |proto|address|port|",
  keepsRestOffset: true,
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
