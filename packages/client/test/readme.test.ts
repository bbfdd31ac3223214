import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as clientPackage from "../src/index.js";
import { type Pair, startPair } from "./helpers/our-server.js";

const README = fileURLToPath(new URL("../README.md", import.meta.url));

/** The README's example, run against @ftp/server with the files it expects. */
describe("README example", () => {
  let pair: Pair;
  let work: string;
  const home = process.cwd();

  beforeAll(async () => {
    pair = await startPair("127.0.0.1", { writeSpeedLimitPerConnection: 1024 * 1024 });
    const seed = await pair.client();
    await seed.makeDirectory("/pub/reports");
    await seed.makeDirectory("/incoming");
    for (const name of ["a.txt", "b.txt", "c.txt"])
      await seed.uploadFrom(Buffer.from(`report ${name}`), `/pub/reports/${name}`);
    await seed.uploadFrom(Buffer.alloc(4096, 1), "/pub/big.iso");
    await seed.uploadFrom(Buffer.alloc(4 * 1024 * 1024, 2), "/pub/huge.bin");
    await seed.quit();
    work = await mkdtemp(path.join(tmpdir(), "ftp-client-readme-"));
    process.chdir(work);
  });

  afterAll(async () => {
    process.chdir(home);
    await pair.close();
    await rm(work, { recursive: true, force: true });
  });

  it("runs as written", async () => {
    const text = await readFile(README, "utf8");
    const match = /## Example\n\n```ts\n([\s\S]*?)```/.exec(text);
    expect(match).not.toBeNull();
    const code = (match?.[1] ?? "").replace(/^import .* from "@ftp\/client";$/m, "");
    vi.stubEnv("FTP_HOST", "127.0.0.1");
    vi.stubEnv("FTP_PORT", String(pair.port));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      const run = new AsyncFunction("Client", "ClientPool", "process", "console", code);
      await run(clientPackage.Client, clientPackage.ClientPool, process, console);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(await readFile(path.join(work, "downloads/reports/a.txt"), "utf8")).toBe("report a.txt");
    expect(await readFile(path.join(work, "out/c.txt"), "utf8")).toBe("report c.txt");
    const check = await pair.client();
    expect(await check.isFile("/incoming/b.txt")).toBe(true);
  });
});
