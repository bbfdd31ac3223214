import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { expectPathIOError, pattern, readFile, writeFile } from "../helpers.js";

/** Open modes, positions, handle independence, large files. */
export function registerHandleScenarios(
  scenario: DefineScenario,
  options: ResolvedContractOptions,
): void {
  scenario("open rb of a directory fails: is-a-directory", async ({ pathio, root }) => {
    await expectPathIOError(pathio.open(root, "rb"), "is-a-directory");
  });

  scenario(
    "open r+b of a missing file fails: not-found (r+b never creates)",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.open(path("missing"), "r+b"), "not-found");
      expect(await pathio.exists(path("missing"))).toBe(false);
    },
    { writes: true },
  );

  scenario(
    "open wb and ab create a missing file",
    async ({ pathio, path }) => {
      await (await pathio.open(path("w"), "wb")).close();
      await (await pathio.open(path("a"), "ab")).close();
      expect((await pathio.stat(path("w"))).size).toBe(0);
      expect((await pathio.stat(path("a"))).size).toBe(0);
    },
    { writes: true },
  );

  scenario(
    "read(size) returns exactly size bytes until EOF, then an empty buffer",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "0123456789");
      await using f = await pathio.open(path("f"), "rb");
      expect((await f.read(4)).toString()).toBe("0123");
      expect((await f.read(4)).toString()).toBe("4567");
      expect((await f.read(4)).toString()).toBe("89");
      expect((await f.read(4)).length).toBe(0);
      expect((await f.read()).length).toBe(0);
      expect((await f.read(0)).length).toBe(0);
    },
  );

  scenario(
    "seek then read() reads from the position to the end; past the end reads nothing",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "0123456789");
      await using f = await pathio.open(path("f"), "rb");
      await f.seek(7);
      expect((await f.read()).toString()).toBe("789");
      await f.seek(2);
      expect((await f.read(3)).toString()).toBe("234");
      await f.seek(100);
      expect((await f.read(5)).length).toBe(0);
    },
  );

  scenario(
    "two readers of one file keep independent positions",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "abcdef");
      await using first = await pathio.open(path("f"), "rb");
      await using second = await pathio.open(path("f"), "rb");
      expect((await first.read(2)).toString()).toBe("ab");
      expect((await second.read(3)).toString()).toBe("abc");
      expect((await first.read(2)).toString()).toBe("cd");
      expect((await second.read()).toString()).toBe("def");
    },
  );

  scenario(
    "a writer and a reader on one file keep their own positions",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "hello world");
      await using reader = await pathio.open(path("f"), "rb");
      await using writer = await pathio.open(path("f"), "r+b");
      expect((await reader.read(6)).toString()).toBe("hello ");
      await writer.write(Buffer.from("HELLO"));
      expect((await reader.read()).toString()).toBe("world");
      await writer.write(Buffer.from("_"));
      await reader.seek(0);
      expect((await reader.read()).toString()).toBe("HELLO_world");
    },
    { writes: true },
  );

  scenario(
    "ab writes always go to the end, even after seek",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "abc");
      {
        await using f = await pathio.open(path("f"), "ab");
        await f.seek(0);
        await f.write(Buffer.from("d"));
        await f.write(Buffer.from("ef"));
      }
      expect((await readFile(pathio, path("f"))).toString()).toBe("abcdef");
    },
    { writes: true },
  );

  scenario(
    "writing past the end fills the gap with zero bytes (REST beyond EOF)",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "abc");
      {
        await using f = await pathio.open(path("f"), "r+b");
        await f.seek(6);
        await f.write(Buffer.from("xyz"));
      }
      expect(await readFile(pathio, path("f"))).toEqual(Buffer.from("abc\0\0\0xyz"));
      {
        await using f = await pathio.open(path("f"), "wb");
        await f.seek(2);
        await f.write(Buffer.from("!"));
      }
      expect(await readFile(pathio, path("f"))).toEqual(Buffer.from("\0\0!"));
    },
    { writes: true },
  );

  scenario("write on an rb handle fails: bad-mode", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"), "abc");
    await using f = await pathio.open(path("f"), "rb");
    await expectPathIOError(f.write(Buffer.from("x")), "bad-mode");
    expect((await f.read()).toString()).toBe("abc");
  });

  scenario(
    "read on a wb or ab handle fails: bad-mode",
    async ({ pathio, path }) => {
      await using w = await pathio.open(path("w"), "wb");
      await expectPathIOError(w.read(1), "bad-mode");
      await using a = await pathio.open(path("a"), "ab");
      await expectPathIOError(a.read(), "bad-mode");
    },
    { writes: true },
  );

  scenario(
    "close is idempotent; a closed handle fails with io",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "abc");
      const f = await pathio.open(path("f"), "rb");
      await f.close();
      await f.close();
      await f[Symbol.asyncDispose]();
      await expectPathIOError(f.read(1), "io");
      await expectPathIOError(f.seek(0), "io");
    },
  );

  scenario(
    "a negative or fractional seek fails with a PathIOError",
    async ({ pathio, fixtures, path }) => {
      await writeFile(fixtures, path("f"), "abc");
      await using f = await pathio.open(path("f"), "rb");
      await expectPathIOError(f.seek(-1));
      await expectPathIOError(f.seek(1.5));
      expect((await f.read()).toString()).toBe("abc");
    },
  );

  scenario(
    "a handle keeps its data after the file is unlinked",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "still here");
      await using f = await pathio.open(path("f"), "rb");
      await pathio.unlink(path("f"));
      expect(await pathio.exists(path("f"))).toBe(false);
      expect((await f.read()).toString()).toBe("still here");
    },
    { writes: true },
  );

  scenario(
    "large file: block writes, seek into the middle, append, overwrite in place",
    async ({ pathio, path }) => {
      const size = options.largeFileSize;
      const block = 256 * 1024;
      const data = pattern(size);
      {
        await using f = await pathio.open(path("big"), "wb");
        for (let at = 0; at < size; at += block) await f.write(data.subarray(at, at + block));
      }
      expect((await pathio.stat(path("big"))).size).toBe(size);
      const middle = Math.floor(size / 2) + 3;
      {
        await using f = await pathio.open(path("big"), "rb");
        await f.seek(middle);
        expect(await f.read(1000)).toEqual(data.subarray(middle, middle + 1000));
        await f.seek(size - 10);
        expect(await f.read(1000)).toEqual(data.subarray(size - 10));
      }
      const tail = pattern(block + 17, 99);
      {
        await using f = await pathio.open(path("big"), "ab");
        await f.write(tail);
      }
      expect((await pathio.stat(path("big"))).size).toBe(size + tail.length);
      const patch = Buffer.from("PATCHED");
      {
        await using f = await pathio.open(path("big"), "r+b");
        await f.seek(middle);
        await f.write(patch);
      }
      const whole = await readFile(pathio, path("big"));
      expect(whole.length).toBe(size + tail.length);
      expect(whole.subarray(middle, middle + patch.length)).toEqual(patch);
      expect(whole.subarray(0, middle).equals(data.subarray(0, middle))).toBe(true);
      const after = middle + patch.length;
      expect(whole.subarray(after, size).equals(data.subarray(after))).toBe(true);
      expect(whole.subarray(size).equals(tail)).toBe(true);
    },
    { writes: true },
  );

  if (options.hugeOffset !== undefined) {
    const offset = options.hugeOffset;
    scenario(
      `positions beyond 32 bits: write and read at ${offset}`,
      async ({ pathio, path }) => {
        {
          await using f = await pathio.open(path("huge"), "wb");
          await f.seek(offset);
          await f.write(Buffer.from("far"));
        }
        expect((await pathio.stat(path("huge"))).size).toBe(offset + 3);
        {
          await using f = await pathio.open(path("huge"), "rb");
          await f.seek(offset - 2);
          expect(await f.read(10)).toEqual(Buffer.from("\0\0far"));
        }
        const stream = await pathio.createWriteStream(path("huge"), {
          mode: "r+b",
          start: offset + 1,
        });
        await new Promise<void>((resolve, reject) => {
          stream.once("error", reject);
          stream.end(Buffer.from("AR!"), () => resolve());
        });
        const chunks: Buffer[] = [];
        for await (const chunk of await pathio.createReadStream(path("huge"), { start: offset }))
          chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).toString()).toBe("fAR!");
      },
      { writes: true },
    );
  }
}
