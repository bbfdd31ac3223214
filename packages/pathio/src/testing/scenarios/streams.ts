import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { expectPathIOError, pattern, readFile, writeFile } from "../helpers.js";

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `createReadStream` / `createWriteStream`: offsets, modes, errors, abort. */
export function registerStreamScenarios(
  scenario: DefineScenario,
  _options: ResolvedContractOptions,
): void {
  scenario(
    "createWriteStream then createReadStream round-trip",
    async ({ pathio, path }) => {
      const data = pattern(300_000);
      await pipeline(
        Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        await pathio.createWriteStream(path("f")),
      );
      expect((await pathio.stat(path("f"))).size).toBe(data.length);
      const back = await drain(await pathio.createReadStream(path("f"), { highWaterMark: 4096 }));
      expect(back.equals(data)).toBe(true);
    },
    { writes: true },
  );

  scenario("createReadStream from start (REST)", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"), "0123456789");
    expect((await drain(await pathio.createReadStream(path("f"), { start: 4 }))).toString()).toBe(
      "456789",
    );
    expect((await drain(await pathio.createReadStream(path("f"), { start: 10 }))).length).toBe(0);
    expect((await drain(await pathio.createReadStream(path("f"), { start: 50 }))).length).toBe(0);
  });

  scenario("createReadStream up to end (inclusive)", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"), "0123456789");
    const range = async (start: number, end: number) =>
      (await drain(await pathio.createReadStream(path("f"), { start, end }))).toString();
    expect(await range(2, 5)).toBe("2345");
    expect(await range(0, 0)).toBe("0");
    expect(await range(4, 3)).toBe("");
    expect(await range(7, 100)).toBe("789");
    expect(await range(20, 30)).toBe("");
  });

  scenario(
    "openReadStream reports the stat and reads up to the size it reported",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "0123456789");
      const { stat, stream } = await pathio.openReadStream(path("f"), {
        start: 3,
        highWaterMark: 4,
      });
      expect(stat.isFile).toBe(true);
      expect(stat.size).toBe(10);
      await writeFile(fixtures, path("f"), "0123456789abcdef");
      expect((await drain(stream)).toString()).toBe("3456789");
      const ranged = await pathio.openReadStream(path("f"), { start: 1, end: 2 });
      expect((await drain(ranged.stream)).toString()).toBe("12");
      const past = await pathio.openReadStream(path("f"), { start: 99 });
      expect((await drain(past.stream)).length).toBe(0);
      await writeFile(fixtures, path("empty"), "");
      const empty = await pathio.openReadStream(path("empty"));
      expect(empty.stat.size).toBe(0);
      expect((await drain(empty.stream)).length).toBe(0);
      expect(empty.stream.destroyed).toBe(true);
    },
  );

  scenario(
    "openReadStream of a missing file or a directory rejects",
    async ({ pathio, path, root }) => {
      await expectPathIOError(pathio.openReadStream(path("missing")), "not-found");
      await expectPathIOError(pathio.openReadStream(root), "is-a-directory");
      await expect(
        pathio.openReadStream(path("missing"), { signal: AbortSignal.abort() }),
      ).rejects.toMatchObject({ name: "AbortError" });
    },
  );

  scenario(
    "createWriteStream with a large highWaterMark keeps every byte in order",
    async ({ pathio, path }) => {
      const data = pattern(3 * 1024 * 1024 + 123);
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < data.length; offset += 65536)
        chunks.push(data.subarray(offset, offset + 65536));
      const sink = await pathio.createWriteStream(path("f"), { highWaterMark: 1024 * 1024 });
      expect(sink.writableHighWaterMark).toBe(1024 * 1024);
      await pipeline(Readable.from(chunks), sink);
      expect((await readFile(pathio, path("f"))).equals(data)).toBe(true);
      const appended = await pathio.createWriteStream(path("f"), {
        mode: "ab",
        highWaterMark: 1024 * 1024,
      });
      await pipeline(Readable.from([Buffer.from("xy"), Buffer.from("z")]), appended);
      expect((await pathio.stat(path("f"))).size).toBe(data.length + 3);
    },
    { writes: true },
  );

  scenario("createReadStream of a missing file rejects: not-found", async ({ pathio, path }) => {
    await expectPathIOError(pathio.createReadStream(path("missing")), "not-found");
  });

  scenario("createReadStream of a directory rejects: is-a-directory", async ({ pathio, root }) => {
    await expectPathIOError(pathio.createReadStream(root), "is-a-directory");
  });

  scenario(
    "createWriteStream modes: ab appends, r+b at start overwrites in place, wb truncates",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "0123456789");
      await pipeline(
        Readable.from([Buffer.from("ab")]),
        await pathio.createWriteStream(path("f"), { mode: "ab" }),
      );
      expect((await readFile(pathio, path("f"))).toString()).toBe("0123456789ab");
      await pipeline(
        Readable.from([Buffer.from("XY")]),
        await pathio.createWriteStream(path("f"), { mode: "r+b", start: 3 }),
      );
      expect((await readFile(pathio, path("f"))).toString()).toBe("012XY56789ab");
      await pipeline(
        Readable.from([Buffer.from("new")]),
        await pathio.createWriteStream(path("f")),
      );
      expect((await readFile(pathio, path("f"))).toString()).toBe("new");
    },
    { writes: true },
  );

  scenario(
    "createWriteStream into a missing directory rejects: not-found",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.createWriteStream(path("no", "f")), "not-found");
      await expectPathIOError(
        pathio.createWriteStream(path("no-such"), { mode: "r+b" }),
        "not-found",
      );
    },
    { writes: true },
  );

  scenario("an aborted read stream is destroyed", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"), pattern(1024 * 1024));
    const controller = new AbortController();
    const stream = await pathio.createReadStream(path("f"), {
      highWaterMark: 1024,
      signal: controller.signal,
    });
    let received = 0;
    await expect(
      (async () => {
        for await (const chunk of stream) {
          received += (chunk as Buffer).length;
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(received).toBeLessThan(1024 * 1024);
    expect(stream.destroyed).toBe(true);
  });

  scenario(
    "an already aborted signal rejects before opening",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "x");
      const signal = AbortSignal.abort();
      await expect(pathio.createReadStream(path("f"), { signal })).rejects.toMatchObject({
        name: "AbortError",
      });
    },
  );
}
