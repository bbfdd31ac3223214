import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { StatusCodeError } from "@ftp/protocol";
import { hasIPv6Loopback } from "@ftp/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type ClientOptions } from "../src/index.js";
import { pipeliningScenario } from "./helpers/pipelining-scenario.js";
import { type PyFtpd, pyftpdlibMissing, startPyftpd } from "./helpers/pyftpd.js";

const missing = pyftpdlibMissing();
if (missing) console.log(`skipping pyftpdlib interop tests: ${missing}`);
const ipv6 = await hasIPv6Loopback();
const hosts = ipv6 ? ["127.0.0.1", "::1"] : ["127.0.0.1"];

describe.skipIf(missing !== undefined).each(hosts)("pyftpdlib interop over %s", (host) => {
  let root: string;
  let local: string;
  let server: PyFtpd;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ftp-client-py-"));
    local = await mkdtemp(path.join(tmpdir(), "ftp-client-local-"));
    server = await startPyftpd({ root, host, user: "alice", password: "secret" });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
    await rm(local, { recursive: true, force: true });
  });

  async function connected(options: ClientOptions = {}): Promise<Client> {
    const client = new Client({ socketTimeout: 5000, ...options });
    await client.connect(host, server.port);
    await client.login("alice", "secret");
    return client;
  }

  it("greets, logs in, reports the directory and quits", async () => {
    const client = new Client();
    const greeting = await client.connect(host, server.port);
    expect(greeting.join(" ")).toContain("pyftpdlib interop ready");
    await client.login("alice", "secret");
    expect(await client.getCurrentDirectory()).toBe("/");
    const features = await client.features();
    expect(features.has("MLST")).toBe(true);
    await client.quit();
    expect(client.connected).toBe(false);
  });

  it("rejects a wrong password with the server's code and text", async () => {
    const client = new Client();
    await client.connect(host, server.port);
    const error = await client.login("alice", "wrong").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["530"]);
    expect((error as StatusCodeError).code).toBe("ERR_FTP_STATUS");
    client.close();
  });

  it("makes nested directories, changes into them and back", async () => {
    const client = await connected();
    await client.makeDirectory("a/b/c");
    await client.makeDirectory("a/b/c");
    expect(await client.isDir("a/b/c")).toBe(true);
    await client.changeDirectory("a/b");
    expect(await client.getCurrentDirectory()).toBe("/a/b");
    await client.changeDirectory();
    expect(await client.getCurrentDirectory()).toBe("/a");
    await client.changeDirectory("/");
    const error = await client.changeDirectory("nope").catch((e: unknown) => e);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["550"]);
    await client.quit();
  });

  it("uploads and downloads through streams, with offsets", async () => {
    const client = await connected();
    const up = await client.uploadStream("stream.bin");
    await up.write(Buffer.from("hello "));
    await up.write("world");
    await up.finish();
    const down = await client.downloadStream("stream.bin");
    const chunks: Buffer[] = [];
    for await (const chunk of down) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe("hello world");
    expect((await down.finish()).code.matches("2xx")).toBe(true);
    const tail = await client.downloadStream("stream.bin", { offset: 6 });
    expect((await tail.read()).toString()).toBe("world");
    await tail.finish();
    const app = await client.appendStream("stream.bin");
    await app.write("!");
    await app.finish();
    expect(await client.size("stream.bin")).toBe(12);
    expect(await readFile(path.join(root, "stream.bin"), "utf8")).toBe("hello world!");
    await client.quit();
  });

  it("lists with MLSD, recursively, lazily and awaited", async () => {
    await mkdir(path.join(root, "tree/sub"), { recursive: true });
    await writeFile(path.join(root, "tree/one.txt"), "1");
    await writeFile(path.join(root, "tree/sub/two.txt"), "22");
    const client = await connected();
    const flat = await client.list("tree");
    expect(flat.map(([p, info]) => [p, info.type]).sort()).toEqual([
      ["tree/one.txt", "file"],
      ["tree/sub", "dir"],
    ]);
    const deep: string[] = [];
    for await (const [p] of client.list("tree", { recursive: true })) deep.push(p);
    expect(deep.sort()).toEqual(["tree/one.txt", "tree/sub", "tree/sub/two.txt"]);
    const info = await client.stat("tree/sub/two.txt");
    expect(info.type).toBe("file");
    expect(info.size).toBe("2");
    expect(await client.listNames("tree")).toEqual(expect.arrayContaining(["one.txt", "sub"]));
    await client.quit();
  });

  it("falls back to LIST and to the parent listing when MLSD/MLST are unknown", async () => {
    const plain = await startPyftpd({ root, host, disable: ["MLSD", "MLST"] });
    try {
      const client = new Client();
      await client.connect(host, plain.port);
      await client.login();
      const entries = await client.list("tree");
      expect(entries.map(([p, info]) => [p, info.type]).sort()).toEqual([
        ["tree/one.txt", "file"],
        ["tree/sub", "dir"],
      ]);
      expect(await client.isFile("tree/one.txt")).toBe(true);
      expect(await client.isDir("tree/sub")).toBe(true);
      expect(await client.exists("tree/nope")).toBe(false);
      await client.quit();
    } finally {
      await plain.close();
    }
  });

  it("uploads and downloads trees into nested destinations", async () => {
    const source = path.join(local, "src");
    await mkdir(path.join(source, "inner"), { recursive: true });
    await writeFile(path.join(source, "a.txt"), "A");
    await writeFile(path.join(source, "inner/b.txt"), "BB");
    const client = await connected();
    await client.upload(source, "deep/er");
    expect(await readFile(path.join(root, "deep/er/src/a.txt"), "utf8")).toBe("A");
    expect(await readFile(path.join(root, "deep/er/src/inner/b.txt"), "utf8")).toBe("BB");
    await client.upload(source, "into", { writeInto: true });
    expect(await readFile(path.join(root, "into/inner/b.txt"), "utf8")).toBe("BB");
    const target = path.join(local, "out");
    await client.download("deep/er/src", target);
    expect(await readFile(path.join(target, "src/inner/b.txt"), "utf8")).toBe("BB");
    await client.download("deep/er/src/a.txt", path.join(local, "single.txt"), { writeInto: true });
    expect(await readFile(path.join(local, "single.txt"), "utf8")).toBe("A");
    await client.remove("deep");
    expect(await client.exists("deep")).toBe(false);
    await client.quit();
  });

  it("renames, deletes, reads and sets times and modes", async () => {
    const client = await connected();
    await client.uploadFrom(Buffer.from("x"), "meta.txt");
    await client.rename("meta.txt", "meta2.txt");
    const when = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
    await client.setModifiedTime("meta2.txt", when);
    expect((await client.modifiedTime("meta2.txt")).getTime()).toBe(when.getTime());
    await client.chmod("meta2.txt", 0o600);
    expect((await stat(path.join(root, "meta2.txt"))).mode & 0o777).toBe(0o600);
    await client.removeFile("meta2.txt");
    expect(await client.exists("meta2.txt")).toBe(false);
    await client.quit();
  });

  it("pipelines EPSV with transfers: files, listings, a refused RETR, REST", async () => {
    const client = await connected({ pipelining: true });
    await pipeliningScenario(client, "pipe");
    await client.quit();
  });

  it("runs concurrent calls in order on one connection", async () => {
    const client = await connected();
    const results = await Promise.all([
      client.uploadFrom(Buffer.from("1"), "c1.txt"),
      client.uploadFrom(Buffer.from("22"), "c2.txt"),
      client.size("c1.txt"),
      client.size("c2.txt"),
      client.list(""),
      client.getCurrentDirectory(),
    ]);
    expect(results[2]).toBe(1);
    expect(results[3]).toBe(2);
    expect(results[5]).toBe("/");
    await client.quit();
  });

  it("aborts a download midway and keeps the client usable", async () => {
    await writeFile(path.join(root, "big.bin"), Buffer.alloc(8 * 1024 * 1024, 7));
    const client = await connected();
    const down = await client.downloadStream("big.bin");
    let got = 0;
    for await (const chunk of down) {
      got += chunk.length;
      if (got > 64 * 1024) break;
    }
    expect(down.state).toBe("aborted");
    expect(await client.getCurrentDirectory()).toBe("/");
    const controller = new AbortController();
    const second = await client.downloadStream("big.bin", { signal: controller.signal });
    await second.read();
    controller.abort();
    await expect(second.read()).rejects.toMatchObject({ code: expect.stringMatching(/ERR_FTP/) });
    expect(await client.size("big.bin")).toBe(8 * 1024 * 1024);
    await client.abort();
    await client.quit();
  });

  it("uses active mode (EPRT/PORT)", async () => {
    const client = await connected({ passiveCommands: [], activeCommands: ["eprt", "port"] });
    await client.uploadFrom(Buffer.from("active"), "active.txt");
    const down = await client.downloadStream("active.txt");
    expect((await down.read()).toString()).toBe("active");
    await down.finish();
    await client.quit();
  });
});
