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
    // Stat and open together (one file-system round trip less per download).
    const [statResult, streamResult] = await Promise.allSettled([
      session.pathio.stat(real),
      session.pathio.createReadStream(real, {
        start: offset,
        highWaterMark: session.server.options.blockSize,
      }),
    ]);
    if (statResult.status === "rejected" || !statResult.value.isFile) {
      if (streamResult.status === "fulfilled") streamResult.value.destroy();
      if (statResult.status === "rejected") throw statResult.reason;
      throw new ReplyError(550, "Not a regular file.");
    }
    if (streamResult.status === "rejected") throw streamResult.reason;
    const stat = statResult.value;
    const source = streamResult.value;
    source.on("error", () => {}); // reported through the pipeline once the transfer runs
    const ascii = session.state.transferType === "A";
    let consumed = false;
    session.startTransfer({
      command: "RETR",
      path: virtual,
      direction: "download",
      offset,
      preliminary: `Opening ${ascii ? "ASCII" : "BINARY"} mode data connection for ${virtual} (${stat.size} bytes).`,
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
