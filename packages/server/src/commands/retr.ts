import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { sendToPeer } from "../transfer-io.js";

/** RETR: download a file (from the REST offset), streamed with backpressure. */
export const retrCommand = defineCommand({
  name: "RETR",
  syntax: "RETR <sp> file-name",
  help: "Retrieve a file.",
  argument: "required",
  needsData: true,
  async handler(session, argument) {
    const offset = session.commandOffset;
    const { virtual, real } = await session.resolve(argument);
    await session.assertPermission(virtual, "readable");
    const stat = await session.pathio.stat(real);
    if (!stat.isFile) throw new ReplyError(550, "Not a regular file.");
    const source = await session.pathio.createReadStream(real, {
      start: offset,
      highWaterMark: session.server.options.blockSize,
    });
    const ascii = session.state.transferType === "A";
    let consumed = false;
    session.startTransfer({
      command: "RETR",
      path: virtual,
      direction: "download",
      offset,
      preliminary: `Opening ${ascii ? "ASCII" : "BINARY"} mode data connection for ${argument} (${stat.size} bytes).`,
      async body(socket, transfer) {
        consumed = true;
        await sendToPeer(session, transfer, source, socket, { ascii });
      },
      async cleanup() {
        if (!consumed || !source.destroyed) source.destroy();
      },
    });
  },
});
