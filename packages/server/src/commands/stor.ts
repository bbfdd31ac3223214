import { randomBytes } from "node:crypto";
import type { Writable } from "node:stream";
import { defineCommand } from "../command.js";
import { ReplyError } from "../reply-error.js";
import type { Session } from "../session.js";
import { receiveFromPeer } from "../transfer-io.js";

/**
 * Write buffer of upload targets: socket chunks (64 KiB) queue up while one file write runs
 * and go to the file together in the next (a 16 KiB default would pause the socket for a
 * thread-pool write per chunk).
 */
const UPLOAD_HIGH_WATER_MARK = 1024 * 1024;

/** How an upload writes its target. */
interface UploadPlan {
  command: "STOR" | "APPE" | "STOU";
  virtual: string;
  real: string;
  /** Name shown in the 150 reply (STOU). */
  preliminary: string;
  success?: string;
}

/**
 * Runs an upload: opens the target before the 150 (so a bad path is answered at once),
 * writes in place — or, with `atomicUploads` (STOR/STOU without REST), to a temporary name
 * renamed over the target only after a clean end — and never answers 226 for an upload the
 * peer did not finish (reset, abort, unclean TLS close).
 */
export async function startUpload(session: Session, plan: UploadPlan): Promise<void> {
  const { pathio, server } = session;
  const offset = session.commandOffset;
  await session.assertEntryWritable(plan.virtual);
  const parent = pathio.dirname(plan.real);
  const [parentIsDir, targetIsDir] = await Promise.all([
    pathio.isDir(parent),
    pathio.isDir(plan.real),
  ]);
  if (!parentIsDir) throw new ReplyError(553, "No such directory.");
  if (targetIsDir) throw new ReplyError(550, "Is a directory.");
  const atomic = server.options.atomicUploads && offset === 0 && plan.command !== "APPE";
  let target = plan.real;
  let mode: "wb" | "ab" | "r+b" = plan.command === "APPE" ? "ab" : "wb";
  if (atomic) {
    target = pathio.join(
      parent,
      `.${pathio.basename(plan.real)}.${randomBytes(6).toString("hex")}.part`,
    );
  } else if (offset > 0) {
    mode = (await pathio.exists(plan.real)) ? "r+b" : "wb";
  }
  const sink: Writable = await pathio.createWriteStream(target, {
    mode,
    highWaterMark: UPLOAD_HIGH_WATER_MARK,
    ...(offset > 0 && !atomic ? { start: offset } : {}),
  });
  const ascii = session.state.transferType === "A";
  session.startTransfer({
    command: plan.command,
    path: plan.virtual,
    direction: "upload",
    offset,
    preliminary: plan.preliminary,
    ...(plan.success !== undefined ? { success: plan.success } : {}),
    async body(socket, transfer) {
      await receiveFromPeer(session, transfer, socket, sink, { ascii });
    },
    async cleanup(completed) {
      if (!sink.destroyed && !completed) sink.destroy();
      if (!atomic) return;
      if (completed) {
        try {
          await pathio.rename(target, plan.real);
          return;
        } catch (error) {
          await pathio.unlink(target).catch(() => {});
          throw error;
        }
      }
      await pathio.unlink(target).catch(() => {});
    },
  });
}

/** STOR: upload a file (overwrites; from the REST offset in place). */
export const storCommand = defineCommand({
  name: "STOR",
  syntax: "STOR <sp> file-name",
  help: "Store a file.",
  argument: "required",
  needsData: true,
  async handler(session, argument) {
    const { virtual, real } = await session.resolve(argument);
    await startUpload(session, {
      command: "STOR",
      virtual,
      real,
      preliminary: "Ok to send data.",
    });
  },
});
