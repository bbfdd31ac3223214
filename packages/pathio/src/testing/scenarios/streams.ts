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
