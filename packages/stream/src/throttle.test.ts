import { describe, expect, it } from "vitest";
import { socketPair } from "../test/pair.js";
import { type Clock, ManualClock } from "./clock.js";

/**
 * Virtual time for concurrent streams: sleepers wake in deadline order, and time jumps to the
 * earliest deadline after a real millisecond (enough for loopback I/O to happen meanwhile).
 */
class VirtualClock implements Clock {
  #now = 0;
  #sleepers: { at: number; wake: () => void }[] = [];
  #timer: NodeJS.Timeout | undefined;
  now(): number {
    return this.#now;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#sleepers.push({ at: this.#now + ms, wake: resolve });
      if (this.#timer === undefined) this.#timer = setTimeout(() => this.#tick(), 1);
    });
  }
  #tick(): void {
    this.#timer = undefined;
    this.#sleepers.sort((a, b) => a.at - b.at);
    const next = this.#sleepers.shift();
    if (!next) return;
    this.#now = Math.max(this.#now, next.at);
    next.wake();
    if (this.#sleepers.length > 0) this.#timer = setTimeout(() => this.#tick(), 1);
  }
}

import { MAX_IDLE_CREDIT_MS, StreamThrottle, Throttle } from "./throttle.js";
import { ThrottleStreamIO } from "./throttle-stream-io.js";

describe("Throttle arithmetic", () => {
  it("pins aioftp's reset arithmetic (limit 1 B/s, reset every 1 s)", () => {
    const clock = new ManualClock();
    const throttle = new Throttle({ limit: 1, resetRate: 1, clock });
    throttle.append(3, 0);
    expect(throttle.state).toEqual({ start: 0, sum: 3 });
    throttle.append(3, 2000);
    expect(throttle.state).toEqual({ start: 2000, sum: 4 });
  });

  it("earns no burst credit while idle (aioftp would go negative)", () => {
    const clock = new ManualClock();
    const throttle = new Throttle({ limit: 100, resetRate: 1, clock });
    throttle.append(100, 0);
    // 60 s idle: aioftp's sum would be 100 - 6000 = -5900, allowing a 5900-byte burst.
    throttle.append(100, 60_000);
    expect(throttle.state.sum).toBe(100);
    clock.advance(60_000);
    expect(throttle.delay()).toBe(1000);
  });

  it("caps the credit of an idle period inside a window at MAX_IDLE_CREDIT_MS", () => {
    const clock = new ManualClock();
    const throttle = new Throttle({ limit: 100, resetRate: 10, clock });
    throttle.append(100, 0); // scheduled until 1 s
    clock.advance(9000); // 8 s idle, still inside the 10 s window
    throttle.append(1000, 9000);
    // aioftp: start 0, sum 1100 -> ends at 11 s, only 2 s of waiting for 8 s of credit.
    // Here at most 1 s of credit counts: the window start moves to 7 s, ending at 18 s.
    expect(throttle.state).toEqual({ start: 7000, sum: 1100 });
    expect(throttle.delay()).toBe(MAX_IDLE_CREDIT_MS * 9);
  });

  it("keeps the rate over many windows at the limit (no drift from the reset rounding)", async () => {
    const clock = new ManualClock();
    const throttle = new Throttle({ limit: 3000, resetRate: 1, clock });
    let sent = 0;
    while (sent < 300_000) {
      await throttle.wait();
      throttle.append(1000, clock.now());
      sent += 1000;
    }
    await throttle.wait();
    expect(clock.now()).toBeCloseTo(100_000, -1);
  });

  it("waits until the bytes sent would have taken that long at the limit", async () => {
    const clock = new ManualClock();
    const throttle = new Throttle({ limit: 1000, clock });
    await throttle.wait();
    expect(clock.now()).toBe(0);
    throttle.append(500, clock.now());
    await throttle.wait();
    expect(clock.now()).toBe(500);
  });

  it("resets the window when the limit changes, and clones without history", () => {
    const throttle = new Throttle({ limit: 10, clock: new ManualClock() });
    throttle.append(100, 0);
    const copy = throttle.clone();
    expect(copy.limit).toBe(10);
    expect(copy.state).toEqual({ start: undefined, sum: 0 });
    throttle.limit = 20;
    expect(throttle.state).toEqual({ start: undefined, sum: 0 });
    throttle.limit = undefined;
    expect(throttle.delay()).toBe(0);
    expect(() => {
      throttle.limit = -1;
    }).toThrow(RangeError);
  });

  it("aborts a wait", async () => {
    const throttle = new Throttle({ limit: 1 });
    throttle.append(10_000, performance.now());
    await expect(throttle.wait({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "ERR_FTP_ABORTED",
    });
  });
});

const SIZE = 64 * 1024;
const BLOCK = 1024;

/** Sends SIZE bytes from `a` to `b` through throttled streams, returns simulated seconds. */
async function transfer(
  clock: Clock,
  writer: ThrottleStreamIO,
  reader: ThrottleStreamIO,
): Promise<number> {
  const start = clock.now();
  const sending = (async () => {
    for (let sent = 0; sent < SIZE; sent += BLOCK) await writer.write(Buffer.alloc(BLOCK));
  })();
  let received = 0;
  while (received < SIZE) received += (await reader.read(BLOCK)).length;
  await sending;
  return (clock.now() - start) / 1000;
}

describe("ThrottleStreamIO timing (fake clock, real loopback sockets)", () => {
  it("takes t in the throttled direction and about 0 in the other", async () => {
    const limit = SIZE / 4; // t = 4 s
    for (const limited of ["read", "write"] as const) {
      const clock = new ManualClock();
      const pair = await socketPair();
      const user = StreamThrottle.fromLimits(
        limited === "read" ? limit : undefined,
        limited === "write" ? limit : undefined,
        { clock },
      );
      const client = new ThrottleStreamIO(pair.client, { user });
      const peer = new ThrottleStreamIO(pair.server, {});
      const upload = await transfer(clock, client, peer);
      const download = await transfer(clock, peer, client);
      const [slow, fast] = limited === "write" ? [upload, download] : [download, upload];
      expect(slow).toBeGreaterThan(4 * 0.95 - BLOCK / limit);
      expect(slow).toBeLessThan(4 * 1.05);
      expect(fast).toBe(0);
      await pair.close();
    }
  });

  it("applies a throttle added to the shared record later to the open stream", async () => {
    const clock = new ManualClock();
    const pair = await socketPair();
    const record: Record<string, StreamThrottle> = { server: StreamThrottle.fromLimits() };
    const writer = new ThrottleStreamIO(pair.client, {});
    const reader = new ThrottleStreamIO(pair.server, record);
    expect(await transfer(clock, writer, reader)).toBe(0);
    // At login the server adds per-user throttles to the record its open streams hold.
    record.user = StreamThrottle.fromLimits(SIZE / 4, undefined, { clock });
    const seconds = await transfer(clock, writer, reader);
    expect(seconds).toBeGreaterThan(4 * 0.95 - BLOCK / (SIZE / 4));
    expect(seconds).toBeLessThan(4 * 1.05);
    delete record.user;
    expect(await transfer(clock, writer, reader)).toBe(0);
    await pair.close();
  });

  it("shares one throttle across k streams (k·t) but not cloned ones (t)", async () => {
    const k = 3;
    for (const shared of [true, false]) {
      const clock = new VirtualClock();
      const global = StreamThrottle.fromLimits(undefined, SIZE / 2, { clock }); // t = 2 s
      const pairs = await Promise.all(Array.from({ length: k }, () => socketPair()));
      const start = clock.now();
      await Promise.all(
        pairs.map((pair) =>
          transfer(
            clock,
            new ThrottleStreamIO(pair.client, { g: shared ? global : global.clone() }),
            new ThrottleStreamIO(pair.server, {}),
          ),
        ),
      );
      const seconds = (clock.now() - start) / 1000;
      if (shared) {
        expect(seconds).toBeGreaterThan(k * 2 * 0.9);
        expect(seconds).toBeLessThan(k * 2 * 1.1);
      } else {
        expect(seconds).toBeGreaterThan(2 * 0.9);
        expect(seconds).toBeLessThan(2 * 1.1);
      }
      await Promise.all(pairs.map((pair) => pair.close()));
    }
  });

  it("applies a limit changed at run time to the open stream, and aborts a throttled wait", async () => {
    const clock = new ManualClock();
    const pair = await socketPair();
    const throttles = { user: StreamThrottle.fromLimits(undefined, undefined, { clock }) };
    const writer = new ThrottleStreamIO(pair.client, throttles);
    const reader = new ThrottleStreamIO(pair.server, {});
    expect(await transfer(clock, writer, reader)).toBe(0);
    throttles.user.write.limit = SIZE / 8; // t = 8 s
    const seconds = await transfer(clock, writer, reader);
    expect(seconds).toBeGreaterThan(8 * 0.95 - BLOCK / (SIZE / 8));
    expect(seconds).toBeLessThan(8 * 1.05);
    await expect(
      writer.write(Buffer.alloc(10), { signal: AbortSignal.abort(new Error("stop")) }),
    ).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(writer.socket.destroyed).toBe(true);
    await pair.close();
  });

  it("throttles readExactly and readLine too", async () => {
    const clock = new ManualClock();
    const pair = await socketPair();
    const reader = new ThrottleStreamIO(pair.server, {
      u: StreamThrottle.fromLimits(1000, undefined, { clock }),
    });
    pair.client.write(Buffer.alloc(3000));
    pair.client.end("line\n");
    await reader.readExactly(1000);
    await reader.readExactly(1000);
    expect(clock.now()).toBe(1000);
    await reader.readExactly(1000);
    expect(clock.now()).toBe(2000);
    expect((await reader.readLine())?.toString()).toBe("line");
    expect(clock.now()).toBe(3000);
    await pair.close();
  });

  it("paces a read to EOF block by block", async () => {
    const clock = new ManualClock();
    const pair = await socketPair();
    const reader = new ThrottleStreamIO(
      pair.server,
      { u: StreamThrottle.fromLimits(SIZE / 4, undefined, { clock }) },
      { maxWriteSlice: BLOCK },
    );
    pair.client.end(Buffer.alloc(SIZE, 3));
    const all = await reader.read();
    expect(all.length).toBe(SIZE);
    // The last block is read at about 4 s minus one block's time.
    expect(clock.now() / 1000).toBeGreaterThan(4 - (2 * BLOCK) / (SIZE / 4));
    await pair.close();
  });
});
