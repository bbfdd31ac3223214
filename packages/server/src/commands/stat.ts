import { defineCommand } from "../command.js";
import { listLine } from "../listing.js";
import { resolveListTarget, splitListArgument, targetEntries } from "./list.js";

/**
 * STAT: without an argument the session status (during a transfer: its progress); with a
 * path, its listing over the control connection (213).
 */
export const statCommand = defineCommand({
  name: "STAT",
  syntax: "STAT [<sp> pathname]",
  help: "Show server or transfer status, or list a path.",
  needsLogin: false,
  duringTransfer: true,
  async handler(session, argument) {
    const transfer = session.transfer;
    if (argument.trim() === "" || transfer !== undefined) {
      const state = session.state;
      const lines = [
        "FTP server status:",
        ` Connected to ${session.remoteAddress}`,
        session.loggedIn ? ` Logged in as ${state.loginName}` : " Not logged in",
        ` TYPE: ${state.transferType === "A" ? "ASCII" : "BINARY"}; STRUcture: File; MODE: Stream`,
        ` Control connection: ${state.tls ? "TLS" : "plain"}; data protection: ${state.protection === "P" ? "private" : "clear"}`,
      ];
      if (transfer !== undefined) {
        const spec = transfer.spec;
        lines.push(
          ` Transfer in progress: ${spec.command} ${spec.path}, ${transfer.bytes} bytes transferred${transfer.connected ? "" : " (waiting for the data connection)"}`,
        );
      } else lines.push(" No data connection.");
      lines.push("End of status.");
      await session.reply(transfer !== undefined ? 213 : 211, lines);
      return;
    }
    if (!session.loggedIn) {
      await session.reply(530, "Please login with USER and PASS.");
      return;
    }
    const path = splitListArgument(argument);
    const target = await resolveListTarget(session, path);
    const now = new Date();
    const lines = [`Status of ${JSON.stringify(target.virtual)}:`];
    for await (const entry of targetEntries(session, target)) lines.push(listLine(entry, now));
    lines.push("End of status.");
    await session.reply(213, lines);
  },
});
