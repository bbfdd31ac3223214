import { getEventListeners } from "node:events";
import { openSocketCount, waitForSockets } from "@ftp/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { socketPair } from "../test/pair.js";
import { StreamIO } from "./stream-io.js";

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

let baseline = 0;
beforeEach(() => {
  baseline = openSocketCount();
});
afterEach(async () => {
  expect(await waitForSockets(baseline)).toBe(baseline);
});

describe("StreamIO beyond the high-water mark", () => {
  it("read() without count collects more than highWaterMark up to EOF", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { highWaterMark: 64 * 1024, readTimeout: 5000 });
    const payload = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4096) payload[i] = (i / 4096) & 0xff;
    pair.server.end(payload);
    const all = await io.read();
    expect(all.length).toBe(payload.length);
    expect(all.equals(payload)).toBe(true);
    expect((await io.read()).length).toBe(0);
    await pair.close();
  });

  it("readExactly(n) with n above highWaterMark completes", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { highWaterMark: 16 * 1024 });
    pair.server.write(Buffer.alloc(3 * 1024 * 1024, 1));
    pair.server.end("tail");
    expect((await io.readExactly(3 * 1024 * 1024)).length).toBe(3 * 1024 * 1024);
    expect((await io.read()).toString()).toBe("tail");
    await pair.close();
  });
});

describe("StreamIO writes", () => {
  it("lets concurrent writes wait for the same drain, in order", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { writeTimeout: 5000 });
    const peer = new StreamIO(pair.server);
    const blocks = [0, 1, 2, 3].map((n) => Buffer.alloc(4 * 1024 * 1024, n));
    const writes = Promise.all(blocks.map((block) => io.write(block)));
    const received = await peer.readExactly(16 * 1024 * 1024);
    await writes;
    for (let n = 0; n < 4; n++) expect(received[n * 4 * 1024 * 1024 + 5]).toBe(n);
    await pair.close();
  });

  it("aborts a write stuck on backpressure and removes its listener", async () => {
    const pair = await socketPair();
    pair.server.pause();
    const io = new StreamIO(pair.client);
    const controller = new AbortController();
    const block = Buffer.alloc(1024 * 1024);
    const writing = (async () => {
      for (;;) await io.write(block, { signal: controller.signal });
    })();
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error("user stop"));
    const error = await writing.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect((error as Error).cause).toMatchObject({ message: "user stop" });
    expect(pair.client.destroyed).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await pair.close();
  });

  it("reports a reset peer as ConnectionClosedError with the socket error as cause", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    const pending = io.read(10);
    pair.server.resetAndDestroy();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_FTP_CONNECTION_CLOSED" });
    expect((error as Error).cause).toMatchObject({ code: "ECONNRESET" });
    await pair.close();
  });
});

describe("StreamIO leaves nothing behind", () => {
  it("a successful read with a timeout and a signal keeps no timer or listener", async () => {
    const pair = await socketPair();
    const before = timers();
    const io = new StreamIO(pair.client, { timeout: 60_000 });
    const controller = new AbortController();
    const reading = io.readLine({ signal: controller.signal });
    pair.server.write("220 ready\r\n");
    expect((await reading)?.toString()).toBe("220 ready");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    // The idle read deadline is unreferenced: it cannot keep the process alive.
    expect(timers()).toBeLessThanOrEqual(before);
    await pair.close();
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("a timed-out write leaves no timer and a destroyed socket", async () => {
    const pair = await socketPair();
    pair.server.pause();
    const before = timers();
    const io = new StreamIO(pair.client, { writeTimeout: 100 });
    const block = Buffer.alloc(1024 * 1024);
    const error = await (async () => {
      for (;;) await io.write(block);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "write", timeout: 100 });
    expect(pair.client.destroyed).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
    await expect(io.read(1)).rejects.toBe(error);
    await pair.close();
  });

  it("refuses overlapping reads", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    const first = io.read(10);
    await expect(io.read(10)).rejects.toThrow(/concurrent reads/);
    pair.server.write("x");
    expect((await first).toString()).toBe("x");
    await pair.close();
  });
});

describe("StreamIO.readLine edge cases", () => {
  it("accepts a line of exactly maxLineLength, rejects one byte more, CR split from LF", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { maxLineLength: 10 });
    pair.server.write(`${"a".repeat(10)}\r`);
    const first = io.readLine();
    await new Promise((r) => setTimeout(r, 10));
    pair.server.write(`\n${"b".repeat(11)}\nok\n`);
    expect((await first)?.toString()).toBe("a".repeat(10));
    await expect(io.readLine()).rejects.toMatchObject({ code: "ERR_FTP_LINE_TOO_LONG", limit: 10 });
    expect((await io.readLine())?.toString()).toBe("ok");
    pair.server.end("z".repeat(50));
    await expect(io.readLine()).rejects.toMatchObject({ code: "ERR_FTP_LINE_TOO_LONG" });
    expect(await io.readLine()).toBeNull();
    await pair.close();
  });

  it("finds lines delivered one byte at a time", async () => {
    const pair = await socketPair();
    pair.server.setNoDelay(true);
    const io = new StreamIO(pair.client);
    const text = "211-Features:\r\n MLST type*;\r\n211 End\r\n";
    const sending = (async () => {
      for (const char of text) {
        pair.server.write(char);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) lines.push((await io.readLine())?.toString() ?? "");
    await sending;
    expect(lines).toEqual(["211-Features:", " MLST type*;", "211 End"]);
    await pair.close();
  });
});

describe("StreamIO iteration", () => {
  it("yields empty lines, leaves the stream usable after break, and ends on EOF", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    pair.server.end("a\r\n\r\nb\nrest");
    const lines: string[] = [];
    for await (const line of io.iterByLine()) {
      lines.push(line.toString());
      if (lines.length === 3) break;
    }
    expect(lines).toEqual(["a", "", "b"]);
    const tail: string[] = [];
    for await (const block of io) tail.push(block.toString());
    expect(tail.join("")).toBe("rest");
    const iterator = io.iterByBlock(4);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await pair.close();
  });

  it("rejects the iteration with the stream's error, then is done", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { readTimeout: 30 });
    const iterator = io.iterByLine();
    await expect(iterator.next()).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT" });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await pair.close();
  });
});
