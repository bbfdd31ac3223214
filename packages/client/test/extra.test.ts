import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MemoryPathIO } from "@ftp/pathio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client, ClientPool, type TransferProgress } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";
import { startScripted } from "./helpers/scripted-server.js";

describe.each(HOSTS)("streams, progress, pools against @ftp/server over %s", (host) => {
  let pair: Pair;
  let local: string;

  beforeEach(async () => {
    local = await mkdtemp(path.join(tmpdir(), "ftp-client-extra-"));
  });

  afterEach(async () => {
    await pair.close();
    await rm(local, { recursive: true, force: true });
  });

  it("interoperates with Node streams both ways", async () => {
    pair = await startPair(host);
    const client = await pair.client();
    await client.uploadFrom(Readable.from([Buffer.from("a"), "b", Buffer.from("c")]), "s.txt");
    const down = await client.downloadStream("s.txt");
    const collected: Buffer[] = [];
    await pipeline(
      down.toReadable(),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          collected.push(chunk);
          callback();
        },
      }),
    );
    expect(Buffer.concat(collected).toString()).toBe("abc");
    const sink = new PassThrough();
    const text: Buffer[] = [];
    sink.on("data", (chunk: Buffer) => text.push(chunk));
    const reply = await client.downloadTo(sink, "s.txt");
    expect(reply.code.matches("2xx")).toBe(true);
    expect(Buffer.concat(text).toString()).toBe("abc");
  });

  it("reports progress with bytes, total and rate", async () => {
    pair = await startPair(host);
    const events: TransferProgress[] = [];
    const client = await pair.client({ progressInterval: 0 });
    client.on("progress", (progress) => events.push(progress));
    const file = path.join(local, "p.bin");
    await writeFile(file, Buffer.alloc(300_000, 3));
    await client.upload(file, "p.bin", { writeInto: true });
    const upload = events.filter((event) => event.direction === "upload");
    expect(upload.at(-1)).toMatchObject({
      bytes: 300_000,
      total: 300_000,
      done: true,
      path: "p.bin",
    });
    await client.download("p.bin", path.join(local, "back.bin"), { writeInto: true });
    const download = events.filter((event) => event.direction === "download");
    expect(download.at(-1)).toMatchObject({ bytes: 300_000, total: 300_000, done: true });
    expect(download.every((event) => event.rate >= 0)).toBe(true);
    expect((await readFile(path.join(local, "back.bin"))).length).toBe(300_000);
  });

  it("sends keep-alive NOOPs during a long transfer and stays in sync", async () => {
    pair = await startPair(host);
    const setup = await pair.client();
    await setup.uploadFrom(Buffer.alloc(120 * 1024, 1), "slow.bin");
    const client = await pair.client({ keepAliveInterval: 50, readSpeedLimit: 300 * 1024 });
    const commands: string[] = [];
    const onCommand = (message: unknown) => commands.push((message as { command: string }).command);
    subscribe("ftp:client:command", onCommand);
    try {
      const down = await client.downloadStream("slow.bin");
      let size = 0;
      for await (const chunk of down) size += chunk.length;
      expect(size).toBe(120 * 1024);
    } finally {
      unsubscribe("ftp:client:command", onCommand);
    }
    expect(commands.filter((line) => line === "NOOP").length).toBeGreaterThan(0);
    expect(await client.getCurrentDirectory()).toBe("/");
    expect(await client.size("slow.bin")).toBe(120 * 1024);
  });

  it("limits the download speed (readSpeedLimit)", async () => {
    pair = await startPair(host);
    const setup = await pair.client();
    await setup.uploadFrom(Buffer.alloc(50 * 1024, 1), "t.bin");
    const client = await pair.client({ readSpeedLimit: 200 * 1024 });
    const started = performance.now();
    for (let i = 0; i < 2; i++) {
      const down = await client.downloadStream("t.bin");
      for await (const _ of down) {
        // drain
      }
    }
    const elapsed = performance.now() - started;
    // 100 KiB at 200 KiB/s: about half a second (the first chunk is free)
    expect(elapsed).toBeGreaterThan(300);
    expect(elapsed).toBeLessThan(2500);
  });

  it("limits the upload speed (writeSpeedLimit), adjustable at run time", async () => {
    pair = await startPair(host);
    const client = await pair.client({ writeSpeedLimit: 200 * 1024 });
    const data = Buffer.alloc(100 * 1024, 1);
    let started = performance.now();
    await client.uploadFrom([data.subarray(0, 50 * 1024), data.subarray(50 * 1024)], "w.bin");
    expect(performance.now() - started).toBeGreaterThan(150);
    expect(client.throttle?.write.limit).toBe(200 * 1024);
    if (client.throttle) client.throttle.write.limit = undefined;
    started = performance.now();
    await client.uploadFrom(data, "w2.bin");
    expect(performance.now() - started).toBeLessThan(250);
    expect(await client.size("w.bin")).toBe(data.length);
  });

  it("runs operations over a pool of sessions in parallel", async () => {
    pair = await startPair(host);
    const seed = await pair.client();
    for (let i = 0; i < 12; i++) await seed.uploadFrom(Buffer.from(`file ${i}`), `f${i}.txt`);
    const pool = new ClientPool({ host, port: pair.port, size: 3, socketTimeout: 5000 });
    let maxSessions = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pool.run(async (client) => {
          maxSessions = Math.max(maxSessions, pool.openSessions);
          await client.download(`f${i}.txt`, local);
        }),
      ),
    );
    expect(maxSessions).toBe(3);
    for (let i = 0; i < 12; i++)
      expect(await readFile(path.join(local, `f${i}.txt`), "utf8")).toBe(`file ${i}`);
    await pool.download("f0.txt", path.join(local, "again"));
    await pool.close();
    await expect(pool.run(async () => 1)).rejects.toMatchObject({
      code: "ERR_FTP_CONNECTION_CLOSED",
    });
  });

  it("pool: a waiting run can be cancelled; a broken session is replaced", async () => {
    pair = await startPair(host);
    const pool = new ClientPool({ host, port: pair.port, size: 1, socketTimeout: 5000 });
    let releaseFirst: () => void = () => {};
    const first = pool.run(
      (client) =>
        new Promise<string>((resolve) => {
          releaseFirst = () => resolve(client.host);
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const controller = new AbortController();
    const waiting = pool.run(async () => "never", { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    releaseFirst();
    expect(await first).toBe(host);
    await expect(
      pool.run(async (client) => {
        client.close();
        throw new Error("session broke");
      }),
    ).rejects.toThrow("session broke");
    expect(pool.openSessions).toBe(0);
    expect(await pool.run((client) => client.getCurrentDirectory())).toBe("/");
    await pool.close();
  });

  it("uses a custom local path io (MemoryPathIO) for trees", async () => {
    pair = await startPair(host);
    const memory = new MemoryPathIO();
    await memory.mkdir("/src/sub", { parents: true });
    const handle = await memory.open("/src/sub/m.txt", "wb");
    await handle.write(Buffer.from("mem"));
    await handle.close();
    const client = await pair.client({ pathIoFactory: () => memory });
    await client.upload("/src", "remote");
    expect(await client.isFile("remote/src/sub/m.txt")).toBe(true);
    await client.download("remote/src", "/back");
    expect(await memory.isFile("/back/src/sub/m.txt")).toBe(true);
  });
});

describe("reply encoding (scripted server)", () => {
  it("decodes a reply that is not valid UTF-8 as latin1", async () => {
    const scripted = await startScripted((verb, _argument, { socket }) => {
      if (verb === "PWD")
        socket.write(
          Buffer.concat([Buffer.from('257 "/d'), Buffer.from([0xe9]), Buffer.from('"\r\n')]),
        );
    });
    const client = new Client();
    await client.connect("127.0.0.1", scripted.port);
    expect(await client.getCurrentDirectory()).toBe("/dé");
    client.close();
    await scripted.close();
  });
});

describe("encoding", () => {
  let pair: Pair;

  afterEach(async () => {
    await pair.close();
  });

  it("round-trips latin1 names with encoding latin1", async () => {
    pair = await startPair("127.0.0.1", { encoding: "latin1" });
    const client = await pair.client({ encoding: "latin1" });
    await client.uploadFrom(Buffer.from("x"), "café.txt");
    expect((await client.list()).map(([name]) => name)).toEqual(["café.txt"]);
    expect(await client.size("café.txt")).toBe(1);
  });

  it("reads non-UTF-8 listing names as latin1 in utf8 mode", async () => {
    pair = await startPair("127.0.0.1", { encoding: "latin1" });
    const writer = await pair.client({ encoding: "latin1" });
    await writer.uploadFrom(Buffer.from("x"), "naïve.txt");
    const reader = new Client();
    await reader.connect("127.0.0.1", pair.port);
    await reader.login();
    expect((await reader.list("", { rawCommand: "LIST" })).map(([name]) => name)).toEqual([
      "naïve.txt",
    ]);
    reader.close();
  });

  it("keeps UTF-8 names intact in utf8 mode", async () => {
    pair = await startPair("127.0.0.1");
    const client = await pair.client();
    await client.makeDirectory("日本");
    await client.changeDirectory("日本");
    expect(await client.getCurrentDirectory()).toBe("/日本");
  });
});
