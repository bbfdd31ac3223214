import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";

const ATOM = Buffer.from("0123456789abcdefghij");

async function readAll(client: Client, name: string, offset = 0): Promise<Buffer> {
  const down = await client.downloadStream(name, { offset });
  const chunks: Buffer[] = [];
  for await (const chunk of down) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe.each(HOSTS)("REST (restart) against @ftp/server over %s", (host) => {
  let pair: Pair;
  let local: string;

  beforeEach(async () => {
    pair = await startPair(host);
    local = await mkdtemp(path.join(tmpdir(), "ftp-client-rest-"));
  });

  afterEach(async () => {
    await pair.close();
    await rm(local, { recursive: true, force: true });
  });

  it.each([0, 3, 10, 25])("downloads from offset %i", async (offset) => {
    const client = await pair.client();
    await client.uploadFrom(ATOM, "f");
    expect(await readAll(client, "f", offset)).toEqual(ATOM.subarray(offset));
  });

  it.each([1, 3, 10])("uploads at offset %i (STOR and APPE) over existing data", async (offset) => {
    const client = await pair.client();
    for (const append of [false, true]) {
      await client.uploadFrom(ATOM, "f");
      await client.uploadFrom(Buffer.from("XYZ"), "f", { offset, append });
      const expected = Buffer.concat([
        ATOM.subarray(0, offset),
        Buffer.from("XYZ"),
        ATOM.subarray(offset + 3),
      ]);
      expect(await readAll(client, "f")).toEqual(expected);
    }
  });

  it("resumes a download from the local file's size and an upload from the remote size", async () => {
    const client = await pair.client();
    await client.uploadFrom(ATOM, "whole.bin");
    const target = path.join(local, "whole.bin");
    await writeFile(target, ATOM.subarray(0, 7));
    await client.download("whole.bin", target, { writeInto: true, resume: true });
    expect(await readFile(target)).toEqual(ATOM);
    const source = path.join(local, "up.bin");
    await writeFile(source, ATOM);
    await client.uploadFrom(ATOM.subarray(0, 5), "up.bin");
    await client.upload(source, "up.bin", { writeInto: true, resume: true });
    expect(await readAll(client, "up.bin")).toEqual(ATOM);
  });

  it("rejects a bad offset before sending anything", async () => {
    const client = await pair.client();
    await expect(client.downloadStream("f", { offset: -1 })).rejects.toBeInstanceOf(RangeError);
  });
});
