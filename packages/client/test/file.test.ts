import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { StatusCodeError } from "@ftp/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";

describe.each(HOSTS)("files and directories against @ftp/server over %s", (host) => {
  let pair: Pair;
  let local: string;

  beforeEach(async () => {
    pair = await startPair(host);
    local = await mkdtemp(path.join(tmpdir(), "ftp-client-file-"));
  });

  afterEach(async () => {
    await pair.close();
    await rm(local, { recursive: true, force: true });
  });

  it("makes and removes directories, with and without parents", async () => {
    const client = await pair.client();
    await client.makeDirectory("bar");
    expect(await client.list()).toEqual([["bar", expect.objectContaining({ type: "dir" })]]);
    await client.removeDirectory("bar");
    expect(await client.list()).toEqual([]);
    await client.makeDirectory("foo/bar/baz");
    expect(await client.isDir("foo/bar/baz")).toBe(true);
    const error = await client.makeDirectory("x/y", { parents: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes.map(String)).toEqual(["550"]);
  });

  it("changes directories and refuses a missing one with 550", async () => {
    const client = await pair.client();
    await client.makeDirectory("foo/bar");
    await client.changeDirectory("foo/bar");
    expect(await client.getCurrentDirectory()).toBe("/foo/bar");
    await client.changeDirectory();
    expect(await client.getCurrentDirectory()).toBe("/foo");
    await expect(client.changeDirectory("nope")).rejects.toMatchObject({
      receivedCodes: [expect.objectContaining({ value: "550" })],
    });
  });

  it("renames empty and non-empty directories", async () => {
    const client = await pair.client();
    await client.makeDirectory("a/inner");
    await client.makeDirectory("b");
    await client.rename("a", "b/a2");
    expect(await client.exists("a")).toBe(false);
    expect(await client.isDir("b/a2/inner")).toBe(true);
  });

  it("lists recursively, skipping nothing but . and ..", async () => {
    const client = await pair.client();
    await client.makeDirectory("foo/bar");
    await client.makeDirectory("foo/baz/baz");
    await client.uploadFrom(Buffer.from("x"), "foo/file.txt");
    const entries = await client.list("foo", { recursive: true });
    expect(entries.map(([p]) => p).sort()).toEqual([
      "foo/bar",
      "foo/baz",
      "foo/baz/baz",
      "foo/file.txt",
    ]);
  });

  it("lists a file path as empty or as the file, never failing", async () => {
    const client = await pair.client();
    await client.uploadFrom(Buffer.from("x"), "file.txt");
    const entries = await client.list("file.txt");
    expect(entries.length).toBeLessThanOrEqual(1);
  });

  it("streams uploads, appends and downloads (read, readExactly-style, blocks, lines)", async () => {
    const client = await pair.client();
    const up = await client.uploadStream("foo.txt");
    await up.write("foo\nbar\n");
    await up.finish();
    const app = await client.appendStream("foo.txt");
    await app.write("baz");
    await app.finish();
    const down = await client.downloadStream("foo.txt");
    const lines: string[] = [];
    for await (const line of down.iterByLine()) lines.push(line.toString());
    expect(lines).toEqual(["foo", "bar", "baz"]);
    const blocks = await client.downloadStream("foo.txt");
    const sizes: number[] = [];
    for await (const block of blocks.iterByBlock(4)) sizes.push(block.length);
    expect(sizes.every((size) => size <= 4)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(11);
    expect(blocks.state).toBe("finished");
  });

  it("keeps every byte of a large download read slowly (backpressure), in order", async () => {
    const client = await pair.client();
    // 6 MiB of a pattern that changes every byte, larger than the reader's 1 MiB buffer
    const data = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i, i);
    await client.uploadFrom(data, "big.bin");
    const down = await client.downloadStream("big.bin");
    const chunks: Buffer[] = [];
    let first = true;
    for await (const chunk of down) {
      chunks.push(chunk);
      if (first) {
        // let the server fill every buffer before the reader goes on
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(down.state).toBe("finished");
    const again = await client.downloadStream("big.bin", { offset: 1000 });
    const rest: Buffer[] = [];
    for await (const chunk of again) rest.push(chunk);
    expect(Buffer.concat(rest).equals(data.subarray(1000))).toBe(true);
  });

  it("uploads a file block by block (read-ahead) whatever the block size", async () => {
    const client = await pair.client();
    const data = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i + 4 <= data.length; i += 4)
      data.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
    const source = path.join(local, "blocks.bin");
    await writeFile(source, data);
    for (const blockSize of [4096, 65_536, undefined]) {
      const options =
        blockSize === undefined ? { writeInto: true } : { writeInto: true, blockSize };
      await client.upload(source, "blocks.bin", options);
      const back: Buffer[] = [];
      for await (const chunk of await client.downloadStream("blocks.bin")) back.push(chunk);
      expect(Buffer.concat(back).equals(data)).toBe(true);
    }
    // a missing local file fails before anything is sent; the client stays usable
    await expect(client.upload(path.join(local, "nope.bin"), "x.bin")).rejects.toThrow();
    expect(await client.exists("blocks.bin")).toBe(true);
  });

  it("reuses chunk memory with reuseBuffers, keeping every byte", async () => {
    const client = await pair.client();
    const data = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i ^ 0x5a5a5a5a, i);
    await client.uploadFrom(data, "big.bin");
    const copy = Buffer.alloc(data.length);
    const memory = new Set<ArrayBufferLike>();
    let at = 0;
    const down = await client.downloadStream("big.bin", { reuseBuffers: true });
    for await (const chunk of down) {
      // a slow consumer: the reader fills its buffers meanwhile
      if (at === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      memory.add(chunk.buffer);
      at += chunk.copy(copy, at);
    }
    expect(at).toBe(data.length);
    expect(copy.equals(data)).toBe(true);
    // over plain TCP the 12 MiB went through a few reused blocks, not one per MiB
    expect(memory.size).toBeLessThan(6);
    // a Readable gets copies it may keep
    const readable = (await client.downloadStream("big.bin", { reuseBuffers: true })).toReadable();
    const kept: Buffer[] = [];
    for await (const chunk of readable) kept.push(chunk as Buffer);
    expect(Buffer.concat(kept).equals(data)).toBe(true);
    // download() to a local file uses the same mode
    await client.download("big.bin", path.join(local, "big.bin"), { writeInto: true });
    expect((await readFile(path.join(local, "big.bin"))).equals(data)).toBe(true);
  });

  it("removes files and whole trees; removing a missing path is a no-op", async () => {
    const client = await pair.client();
    await client.makeDirectory("t/u");
    await client.uploadFrom(Buffer.from("1"), "t/one");
    await client.uploadFrom(Buffer.from("2"), "t/u/two");
    await client.removeFile("t/one");
    expect(await client.exists("t/one")).toBe(false);
    await client.remove("t");
    expect(await client.exists("t")).toBe(false);
    await client.remove("t");
  });

  it("uploads a tree into a nested destination without dropping its parent", async () => {
    const source = path.join(local, "d");
    await mkdir(path.join(source, "sub"), { recursive: true });
    await writeFile(path.join(source, "a.txt"), "A");
    await writeFile(path.join(source, "sub/b.txt"), "B");
    const client = await pair.client();
    await client.upload(source, "x/y");
    expect(await client.isFile("x/y/d/a.txt")).toBe(true);
    expect(await client.isFile("x/y/d/sub/b.txt")).toBe(true);
    expect(await client.exists("d")).toBe(false);
    await client.upload(source, "z", { writeInto: true });
    expect(await client.isFile("z/sub/b.txt")).toBe(true);
    await client.upload(path.join(source, "a.txt"), "renamed.txt", { writeInto: true });
    expect(await client.isFile("renamed.txt")).toBe(true);
    const count = (await client.list("x", { recursive: true })).length;
    expect(count).toBe(5);
  });

  it("downloads trees and files, overwriting what is there", async () => {
    const client = await pair.client();
    await client.makeDirectory("r/s");
    await client.uploadFrom(Buffer.from("one"), "r/one.txt");
    await client.uploadFrom(Buffer.from("two"), "r/s/two.txt");
    await writeFile(path.join(local, "one.txt"), "old content that is longer");
    await client.download("r/one.txt", local);
    expect(await readFile(path.join(local, "one.txt"), "utf8")).toBe("one");
    await client.download("r", path.join(local, "tree"));
    expect(await readFile(path.join(local, "tree/r/s/two.txt"), "utf8")).toBe("two");
    await client.download("r", path.join(local, "into"), { writeInto: true });
    expect(await readFile(path.join(local, "into/s/two.txt"), "utf8")).toBe("two");
  });

  it("reports missing files with the server's code", async () => {
    const client = await pair.client();
    const error = await client.downloadStream("missing.txt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusCodeError);
    expect((error as StatusCodeError).receivedCodes[0]?.value).toBe("550");
    expect(await client.getCurrentDirectory()).toBe("/");
    await expect(client.download("missing.txt", local)).rejects.toBeInstanceOf(StatusCodeError);
    await expect(readFile(path.join(local, "missing.txt"))).rejects.toMatchObject({
      code: "ENOENT",
    });
    await expect(client.upload(path.join(local, "nope"), "x")).rejects.toMatchObject({
      code: "ERR_FTP_PATHIO",
    });
  });

  it("reads facts with stat (MLST) and SIZE/MDTM/MFMT", async () => {
    const client = await pair.client();
    await client.uploadFrom(Buffer.from("12345"), "f.txt");
    const info = await client.stat("f.txt");
    expect(info.type).toBe("file");
    expect(info.size).toBe("5");
    expect(info.modify).toMatch(/^\d{14}/);
    const modify = info.modify as string;
    const stamp = Date.UTC(
      Number(modify.slice(0, 4)),
      Number(modify.slice(4, 6)) - 1,
      Number(modify.slice(6, 8)),
      Number(modify.slice(8, 10)),
      Number(modify.slice(10, 12)),
      Number(modify.slice(12, 14)),
    );
    expect(Math.abs(stamp - Date.now())).toBeLessThan(60_000);
    expect(await client.size("f.txt")).toBe(5);
    const when = new Date(Date.UTC(2021, 5, 7, 8, 9, 10));
    await client.setModifiedTime("f.txt", when);
    expect((await client.modifiedTime("f.txt")).getTime()).toBe(when.getTime());
    expect(await client.isDir("/")).toBe(true);
  });
});
