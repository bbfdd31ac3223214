import { defineCommand } from "../command.js";

/**
 * ABOR: stops the running transfer (also while it still waits for its data connection):
 * the transfer answers 426, then ABOR answers 226. Without a transfer: 225.
 */
export const aborCommand = defineCommand({
  name: "ABOR",
  syntax: "ABOR",
  help: "Abort the running transfer.",
  duringTransfer: true,
  urgent: true,
  async handler(session) {
    const transfer = session.transfer;
    if (transfer === undefined) {
      await session.reply(225, "No transfer to abort.");
      return;
    }
    transfer.abort("ABOR");
    await transfer.done;
    await session.reply(226, "ABOR successful.");
  },
});
