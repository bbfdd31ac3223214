import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generateCertificate, hasCommand } from "@ftp/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { User } from "../src/index.js";
import { HOSTS, startServer, type TestServer } from "./helpers/fixture.js";

const run = promisify(execFile);
const available = hasCommand("curl");
if (!available) console.warn("curl tests skipped: curl is not installed");

function url(host: string, port: number, scheme = "ftp", file = ""): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return `${scheme}://${h}:${port}/${file}`;
}

describe.skipIf(!available).each(HOSTS)("curl against the server over %s", (host) => {
  let ts: TestServer | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ftp-curl-"));
  });
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function curl(...args: string[]): Promise<string> {
    const { stdout } = await run("curl", [
      "-sS",
      "--max-time",
      "10",
      "-u",
      "alice:secret",
      ...args,
    ]);
    return stdout;
  }

  it("uploads, lists, downloads (passive and active), resumes and deletes", async () => {
    ts = await startServer(host, { users: [new User({ login: "alice", password: "secret" })] });
    const local = path.join(dir, "up.bin");
    const payload = Buffer.alloc(300_000, 9);
    await writeFile(local, payload);
    await curl("-T", local, url(host, ts.port, "ftp", "up.bin"));
    const listing = await curl(url(host, ts.port));
    expect(listing).toMatch(/ up\.bin\r?\n/);
    const names = await curl("-l", url(host, ts.port));
    expect(names.trim()).toBe("up.bin");
    const out = path.join(dir, "down.bin");
    await curl("-o", out, url(host, ts.port, "ftp", "up.bin"));
    expect((await readFile(out)).equals(payload)).toBe(true);
    const active = path.join(dir, "active.bin");
    await curl("-P", "-", "-o", active, url(host, ts.port, "ftp", "up.bin"));
    expect((await readFile(active)).equals(payload)).toBe(true);
    const partial = path.join(dir, "partial.bin");
    await curl("-r", "299990-", "-o", partial, url(host, ts.port, "ftp", "up.bin"));
    expect((await readFile(partial)).length).toBe(10);
    await curl("-Q", "-DELE up.bin", url(host, ts.port));
    expect((await curl("-l", url(host, ts.port))).trim()).toBe("");
  });

  for (const version of ["1.2", "1.3"] as const) {
    it(`works over explicit and implicit FTPS (TLS ${version})`, async () => {
      const { key, cert } = await generateCertificate();
      const ca = path.join(dir, "ca.pem");
      await writeFile(ca, cert);
      const tlsArgs = ["--cacert", ca, `--tlsv${version}`, "--tls-max", version];
      ts = await startServer(host, {
        users: [new User({ login: "alice", password: "secret" })],
        tls: { key, cert },
        requireTlsForLogin: true,
        requireTlsForData: true,
        requireTlsSessionReuse: true,
      });
      const local = path.join(dir, "s.txt");
      await writeFile(local, "secure upload\n");
      // localhost names the certificate; the server listens on the loopback address.
      const resolve = host.includes(":") ? [] : ["--resolve", `localhost:${ts.port}:${host}`];
      const base = host.includes(":") ? url(host, ts.port) : `ftp://localhost:${ts.port}/`;
      const insecureName = host.includes(":") ? ["--insecure"] : [];
      await curl(
        ...tlsArgs,
        ...resolve,
        ...insecureName,
        "--ssl-reqd",
        "-T",
        local,
        `${base}s.txt`,
      );
      const text = await curl(
        ...tlsArgs,
        ...resolve,
        ...insecureName,
        "--ssl-reqd",
        `${base}s.txt`,
      );
      expect(text).toBe("secure upload\n");
      await ts.close();
      ts = await startServer(host, {
        users: [new User({ login: "alice", password: "secret" })],
        tls: { key, cert, implicit: true },
      });
      const implicitBase = host.includes(":")
        ? url(host, ts.port, "ftps")
        : `ftps://localhost:${ts.port}/`;
      const implicitResolve = host.includes(":")
        ? []
        : ["--resolve", `localhost:${ts.port}:${host}`];
      await curl(
        ...tlsArgs,
        ...implicitResolve,
        ...insecureName,
        "-T",
        local,
        `${implicitBase}i.txt`,
      );
      const listing = await curl(...tlsArgs, ...implicitResolve, ...insecureName, implicitBase);
      expect(listing).toMatch(/ i\.txt\r?\n/);
    });
  }
});
