import { hasIPv6Loopback, openSocketCount, waitForSockets } from "@ftp/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { socketPair } from "../test/pair.js";
import { StreamIO } from "./stream-io.js";

let baseline = 0;
beforeEach(() => {
  baseline = openSocketCount();
});
afterEach(async () => {
  expect(await waitForSockets(baseline)).toBe(baseline);
});

for (const host of ["127.0.0.1", "::1"]) {
  describe(`StreamIO over ${host}`, () => {
    it("reads lines split anywhere, CRLF or LF, and the last unterminated line", async (ctx) => {
      if (host === "::1" && !(await hasIPv6Loopback())) return ctx.skip();
      const pair = await socketPair(host);
      const io = new StreamIO(pair.client);
      pair.server.write("USER a");
      await new Promise((r) => setTimeout(r, 10));
      pair.server.write("nna\r\nPASS x\nNO");
      pair.server.end("OP");
      expect((await io.readLine())?.toString()).toBe("USER anna");
      expect((await io.readLine())?.toString()).toBe("PASS x");
      expect((await io.readLine())?.toString()).toBe("NOOP");
      expect(await io.readLine()).toBeNull();
      await pair.close();
    });

    it("reads blocks, exactly, and to the end", async (ctx) => {
      if (host === "::1" && !(await hasIPv6Loopback())) return ctx.skip();
      const pair = await socketPair(host);
      const io = new StreamIO(pair.client);
      pair.server.end(Buffer.from("0123456789abcdef"));
      expect((await io.readExactly(4)).toString()).toBe("0123");
      const block = await io.read(3);
      expect(block.length).toBeLessThanOrEqual(3);
      expect(block.length).toBeGreaterThan(0);
      const rest = await io.read();
      expect(Buffer.concat([block, rest]).toString()).toBe("456789abcdef");
      expect((await io.read(10)).length).toBe(0);
      expect(io.ended).toBe(true);
      await pair.close();
    });
  });
}

describe("StreamIO errors and limits", () => {
  it("rejects readExactly on early EOF with the partial bytes", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    pair.server.end("abc");
    await expect(io.readExactly(5)).rejects.toMatchObject({
      code: "ERR_FTP_EARLY_EOF",
      expected: 5,
      partial: Buffer.from("abc"),
    });
    await pair.close();
  });

  it("rejects an oversize line, skips it, and goes on with the next one", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { maxLineLength: 16 });
    pair.server.write(`${"x".repeat(100_000)}\r\nNOOP\r\n`);
    await expect(io.readLine()).rejects.toMatchObject({ code: "ERR_FTP_LINE_TOO_LONG" });
    expect((await io.readLine())?.toString()).toBe("NOOP");
    expect(io.buffered).toBe(0);
    await pair.close();
  });

  it("times out a read, destroys the socket and leaves no timer", async () => {
    const pair = await socketPair();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const io = new StreamIO(pair.client, { readTimeout: 50 });
    await expect(io.readLine()).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "read" });
    expect(pair.client.destroyed).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
    await pair.close();
  });

  it("aborts a read with an AbortSignal", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    const controller = new AbortController();
    const pending = io.read(10, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(pair.client.destroyed).toBe(true);
    await expect(io.read(1, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "ERR_FTP_ABORTED",
    });
    await pair.close();
  });

  it("times out a write the peer never reads (backpressure is honoured)", async () => {
    const pair = await socketPair();
    pair.server.pause();
    const io = new StreamIO(pair.client, { writeTimeout: 200 });
    const block = Buffer.alloc(1024 * 1024);
    let written = 0;
    await expect(
      (async () => {
        for (;;) {
          await io.write(block);
          written += block.length;
        }
      })(),
    ).rejects.toMatchObject({ code: "ERR_FTP_TIMEOUT", phase: "write" });
    // The writer stopped after the kernel buffers and one socket buffer filled up.
    expect(written).toBeLessThan(64 * 1024 * 1024);
    await pair.close();
  });

  it("keeps memory flat for a slow reader: the socket is paused at the high-water mark", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client, { highWaterMark: 64 * 1024 });
    const block = Buffer.alloc(256 * 1024, 7);
    let sent = 0;
    const total = 32 * 1024 * 1024;
    const writer = (async () => {
      while (sent < total) {
        sent += block.length;
        if (!pair.server.write(block)) {
          await new Promise((resolve) => pair.server.once("drain", resolve));
        }
      }
      pair.server.end();
    })();
    let received = 0;
    let maxBuffered = 0;
    for (;;) {
      const chunk = await io.read(16 * 1024);
      if (chunk.length === 0) break;
      received += chunk.length;
      maxBuffered = Math.max(maxBuffered, io.buffered);
      if (received % (1024 * 1024) < 16 * 1024) await new Promise((r) => setTimeout(r, 1));
    }
    await writer;
    expect(received).toBe(total);
    // Buffered data never exceeds the mark plus one socket read (at most 64 KiB).
    expect(maxBuffered).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
    await pair.close();
  });

  it("closes gracefully and is async-iterable", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    const peer = new StreamIO(pair.server);
    await io.write("hello ");
    await io.write(Buffer.from("world"));
    const closing = io.close();
    const parts: Buffer[] = [];
    for await (const chunk of peer) parts.push(chunk);
    expect(Buffer.concat(parts).toString()).toBe("hello world");
    await peer.close();
    await closing;
    await expect(io.write("x")).rejects.toMatchObject({ code: "ERR_FTP_CONNECTION_CLOSED" });
    await pair.close();
  });

  it("iterates by line and by block", async () => {
    const pair = await socketPair();
    const io = new StreamIO(pair.client);
    pair.server.end("a\r\nb\nc");
    const lines: string[] = [];
    for await (const line of io.iterByLine()) lines.push(line.toString());
    expect(lines).toEqual(["a", "b", "c"]);
    const pair2 = await socketPair();
    const io2 = new StreamIO(pair2.client);
    pair2.server.end(Buffer.alloc(10_000, 1));
    let total = 0;
    for await (const block of io2.iterByBlock(1000)) {
      expect(block.length).toBeLessThanOrEqual(1000);
      total += block.length;
    }
    expect(total).toBe(10_000);
    await pair.close();
    await pair2.close();
  });

  it("validates its options", () => {
    expect(() => new StreamIO({} as never, { timeout: -1 })).toThrow(RangeError);
  });
});
