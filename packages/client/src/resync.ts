import { debuglog } from "node:util";
import type { ControlConnection } from "./control-connection.js";

const debug = debuglog("ftp");

/**
 * Brings the control connection back in sync after a transfer was cut short: sends ABOR
 * and a NOOP, then reads every reply (the transfer's 426/226, ABOR's 225/226) until the
 * NOOP's 200 — plus `pendingNoops` more for keep-alive NOOPs still unanswered. Servers
 * differ in how many replies they send for an abort; the NOOP marks the end whatever they do.
 */
export async function resyncAfterAbort(
  control: ControlConnection,
  pendingNoops: number,
  replyTimeout: number | undefined,
): Promise<void> {
  control.send("ABOR");
  control.send("NOOP");
  let noops = pendingNoops + 1;
  while (noops > 0) {
    const reply = await control.readReply("reading the replies to ABOR", replyTimeout);
    debug("abort: %s %s", reply.code.value, reply.lines.join(" | "));
    if (reply.code.value === "200") noops--;
  }
}
