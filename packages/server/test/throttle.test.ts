import { afterEach, describe, expect, it } from "vitest";
import { User } from "../src/index.js";
import { HOSTS, put, startServer, type TestServer } from "./helpers/fixture.js";

const SIZE = 40_000;

describe.each(HOSTS)("throttles over %s", (host) => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  async function timedGet(ts: TestServer, user?: string): Promise<number> {
    const client = await ts.login(user);
    const start = Date.now();
    const { data, last } = await client.transferIn("RETR f");
    expect(last?.code).toBe(226);
    expect(data.length).toBe(SIZE);
    return Date.now() - start;
  }

  it("limits downloads per connection", async () => {
    ts = await startServer(host, { writeSpeedLimitPerConnection: SIZE * 2, blockSize: 4096 });
    await put(await ts.login(), "f", Buffer.alloc(SIZE));
    const [a, b] = await Promise.all([timedGet(ts), timedGet(ts)]);
    // ~0.5 s each in parallel: per-connection limits do not add up.
    expect(a).toBeGreaterThan(350);
    expect(b).toBeGreaterThan(350);
    expect(Math.max(a, b)).toBeLessThan(1500);
  });

  it("limits downloads server-wide (shared by all sessions)", async () => {
    ts = await startServer(host, { writeSpeedLimit: SIZE * 4, blockSize: 4096 });
    await put(await ts.login(), "f", Buffer.alloc(SIZE));
    const times = await Promise.all([timedGet(ts), timedGet(ts)]);
    // Together 2 × SIZE at 4 × SIZE/s: at least ~0.5 s for the later one.
    expect(Math.max(...times)).toBeGreaterThan(350);
  });

  it("limits downloads per user and connection", async () => {
    ts = await startServer(host, {
      users: [new User({ writeSpeedLimitPerConnection: SIZE * 2 })],
      blockSize: 4096,
    });
    await put(await ts.login(), "f", Buffer.alloc(SIZE));
    const [a, b] = await Promise.all([timedGet(ts), timedGet(ts)]);
    expect(Math.min(a, b)).toBeGreaterThan(350);
    expect(Math.max(a, b)).toBeLessThan(1500);
  });

  it("limits uploads per user, applied from login on", async () => {
    ts = await startServer(host, {
      users: [new User({ login: "slow", readSpeedLimit: SIZE * 2 }), new User({ login: "fast" })],
      blockSize: 4096,
    });
    const slow = await ts.login("slow");
    let start = Date.now();
    await put(slow, "a", Buffer.alloc(SIZE));
    expect(Date.now() - start).toBeGreaterThan(350);
    const fast = await ts.login("fast");
    start = Date.now();
    await put(fast, "b", Buffer.alloc(SIZE));
    expect(Date.now() - start).toBeLessThan(350);
  });
});
