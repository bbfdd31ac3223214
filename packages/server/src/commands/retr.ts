import { Readable } from "node:stream";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import { readWhole, sendBufferToPeer, sendToPeer } from "../transfer-io.js";

/**
 * RETR: download a file (from the REST offset), streamed with backpressure. The file is
 * opened and stat'ed in one step, and the stream stops at the size announced in the 150
 * reply. A binary download of at most `blockSize` bytes is read at once, while the peer
 * opens the data connection, and written with a single `end(data)`.
 */
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
    const { blockSize } = session.server.options;
    // Unthrottled binary downloads read big blocks: each read is a trip through the thread
    // pool, and 64 KiB reads cap loopback RETR at about half of what 256 KiB reads reach.
    const bulk = session.state.transferType !== "A" && !session.throttled("write");
    const { stat, stream: source } = await session.pathio.openReadStream(real, {
      start: offset,
      highWaterMark: bulk ? Math.max(blockSize, BULK_READ_SIZE) : blockSize,
    });
    if (!stat.isFile) {
      source.destroy();
      throw new ReplyError(550, "Not a regular file.");
    }
    source.on("error", () => {}); // reported through the transfer once it runs
    const ascii = session.state.transferType === "A";
    // One read of at most blockSize bytes (the stream ends at stat.size, no read at EOF).
    const small = !ascii && !session.throttled("write") && stat.size - offset <= blockSize;
    const prefetch = small ? readWhole(source) : undefined;
    prefetch?.catch(() => {}); // awaited by the body; cleanup destroys the source otherwise
    let consumed = false;
    session.startTransfer({
      command: "RETR",
      path: virtual,
      direction: "download",
      offset,
      preliminary: `Opening ${ascii ? "ASCII" : "BINARY"} mode data connection for ${virtual} (${stat.size} bytes).`,
      async body(socket, transfer) {
        consumed = true;
        if (prefetch === undefined) {
          await sendToPeer(session, transfer, source, socket, { ascii });
          return;
        }
        const data = await prefetch;
        if (transfer.signal.aborted) throw transfer.signal.reason;
        // A limit set since the command started still applies.
        if (session.throttled("write"))
          await sendToPeer(session, transfer, bufferStream(data), socket);
        else await sendBufferToPeer(transfer, data, socket);
      },
      async cleanup() {
        if (!consumed || !source.destroyed) source.destroy();
      },
    });
  },
});

/** File read size of unthrottled binary downloads (bytes). */
const BULK_READ_SIZE = 256 * 1024;

function bufferStream(data: Buffer): Readable {
  return Readable.from(data.length > 0 ? [data] : [], { objectMode: false });
}
