import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AsyncPathIO, PathIO } from "@ftp/pathio";
import { afterEach, describe, expect, it } from "vitest";
import { User } from "../src/index.js";
import { startServer, type TestServer } from "./helpers/fixture.js";

const BLOCK = 4096;

function pattern(size: number, seed = 0): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

// The download paths on the disk backends: files up to one block are read at once and sent
// with one end(data), bigger ones streamed; both stop at the size the 150 reply announced.
describe.each([
  ["AsyncPathIO", () => new AsyncPathIO()],
  ["PathIO", () => new PathIO()],
])("transfers on disk (%s)", (_name, factory) => {
  let ts: TestServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function start(options: { writeSpeedLimit?: number } = {}): Promise<TestServer> {
    dir = await mkdtemp(path.join(tmpdir(), "ftp-disk-transfers-"));
    ts = await startServer("127.0.0.1", {
      pathIoFactory: factory,
      users: [new User({ basePath: dir })],
      blockSize: BLOCK,
      ...options,
    });
    return ts;
  }

  it("downloads files around the block size, from every REST offset kind", async () => {
    const server = await start();
    const ends: Array<{ bytes: number; completed: boolean }> = [];
    server.server.on("transferEnd", ({ bytes, completed }) => ends.push({ bytes, completed }));
    const client = await server.login();
    for (const size of [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 3]) {
      const content = pattern(size, size);
      await writeFile(path.join(dir as string, `f${size}`), content);
      for (const rest of [undefined, 0, 1, size, size + 10]) {
        ends.length = 0;
        const { first, data, last } = await client.transferIn(
          `RETR f${size}`,
          rest === undefined ? {} : { rest },
        );
        expect(first.code).toBe(150);
        expect(first.text).toContain(`(${size} bytes)`);
        expect(last?.code).toBe(226);
        const expected = content.subarray(Math.min(rest ?? 0, size));
        expect(data.equals(expected)).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
        expect(ends).toEqual([{ bytes: expected.length, completed: true }]);
      }
    }
  });

  it("converts small and big files in TYPE A", async () => {
    const server = await start();
    const client = await server.login();
    const line = "a line\n";
    for (const count of [3, Math.ceil((3 * BLOCK) / line.length)]) {
      await writeFile(path.join(dir as string, "t.txt"), line.repeat(count));
      expect((await client.command("TYPE A")).code).toBe(200);
      const { data, last } = await client.transferIn("RETR t.txt");
      expect(last?.code).toBe(226);
      expect(data.toString()).toBe("a line\r\n".repeat(count));
      expect((await client.command("TYPE I")).code).toBe(200);
    }
  });

  it("throttles small downloads too", async () => {
    const server = await start({ writeSpeedLimit: 8000 });
    const client = await server.login();
    await writeFile(path.join(dir as string, "s"), pattern(BLOCK));
    const started = Date.now();
    const { data, last } = await client.transferIn("RETR s");
    expect(last?.code).toBe(226);
    expect(data.length).toBe(BLOCK);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("uploads more than the 1 MiB write buffer intact, in place and at a REST offset", async () => {
    const server = await start();
    const client = await server.login();
    const payload = pattern(3 * 1024 * 1024 + 5, 7);
    const stor = await client.transferOut("STOR up.bin", payload);
    expect(stor.last?.code).toBe(226);
    expect((await readFile(path.join(dir as string, "up.bin"))).equals(payload)).toBe(true);
    const tail = pattern(1024 * 1024 + 9, 3);
    const rest = await client.transferOut("STOR up.bin", tail, { rest: 1000 });
    expect(rest.last?.code).toBe(226);
    const expected = Buffer.concat([
      payload.subarray(0, 1000),
      tail,
      payload.subarray(1000 + tail.length),
    ]);
    expect((await readFile(path.join(dir as string, "up.bin"))).equals(expected)).toBe(true);
    const appe = await client.transferOut("APPE up.bin", tail);
    expect(appe.last?.code).toBe(226);
    expect((await readFile(path.join(dir as string, "up.bin"))).length).toBe(
      expected.length + tail.length,
    );
  });
});
