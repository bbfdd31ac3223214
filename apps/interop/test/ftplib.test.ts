/**
 * Our server driven by Python's ftplib (fixtures/ftplib_client.py runs one scenario per call
 * and prints what the server answered and which commands ftplib sent).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { hasCommand, hasIPv6Loopback } from "@ftp/test-utils";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  binaryPayload,
  fileSha256,
  sha256,
  type TempDir,
  tempDir,
  uniqueName,
} from "./helpers/files.js";
import { scenario } from "./helpers/matrix.js";
import { lazy, type OurServer, PASSWORD, startOurServer, USER } from "./helpers/our-server.js";
import { runOk } from "./helpers/run.js";

const PEER = "server <- ftplib";
// ftplib is in the standard library of any Python 3; the system interpreter starts in a
// fraction of the time a version-manager shim (pyenv) takes.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SCRIPT = fileURLToPath(new URL("../fixtures/ftplib_client.py", import.meta.url));
const missing = existsSync(PYTHON) || hasCommand(PYTHON) ? undefined : "python3 is not installed";
const noIPv6 = (await hasIPv6Loopback()) ? undefined : "this machine has no ::1 loopback";

const v4 = lazy(() => startOurServer("127.0.0.1"));
const v6 = lazy(() => startOurServer("::1"));
// ftplib cannot resume TLS sessions on data connections, so no requireTlsSessionReuse here
const tlsRequired = lazy(() =>
  startOurServer("127.0.0.1", { requireTlsForLogin: true, requireTlsForData: true }),
);

let local: TempDir;
beforeAll(async () => {
  local = await tempDir("ftplib");
});
afterAll(async () => {
  await Promise.all([v4.close(), v6.close(), tlsRequired.close()]);
  await local?.remove();
});

interface FtplibResult {
  commands: string[];
  [key: string]: unknown;
}

async function ftplib(server: OurServer, job: Record<string, unknown>): Promise<FtplibResult> {
  const full = {
    host: server.host,
    port: server.port,
    user: USER,
    password: PASSWORD,
    work: local.path,
    ...job,
  };
  const { stdout } = await runOk(PYTHON, [SCRIPT, JSON.stringify(full)], { timeout: 12_000 });
  return JSON.parse(stdout) as FtplibResult;
}

/** Writes a payload, has ftplib upload and download it, checks both copies. */
async function roundTrip(server: OurServer, job: Record<string, unknown>, size = 256 * 1024) {
  const name = uniqueName("rt");
  const payload = binaryPayload(size);
  await writeFile(local.join(`${name}.up`), payload);
  const result = await ftplib(server, { scenario: "transfer", name, ...job });
  expect(await fileSha256(server.root.join(`${name}.bin`))).toBe(sha256(payload));
  expect(await fileSha256(local.join(`${name}.down`))).toBe(sha256(payload));
  expect(result.stor).toMatch(/^226/);
  expect(result.retr).toMatch(/^226/);
  expect(result.size).toBe(size);
  expect(result.mlsd).toContain(`${name}.bin`);
  return result.commands;
}

describe(PEER, () => {
  scenario(
    PEER,
    "login",
    async () => {
      const result = await ftplib(await v4.get(), { scenario: "login" });
      expect(result.welcome).toMatch(/^220/);
      expect(result.login).toMatch(/^230/);
      expect(result.pwd).toBe("/");
      expect(result.quit).toMatch(/^221/);
      expect(result.bad).toMatch(/^530/);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "directories",
    async () => {
      const server = await v4.get();
      const name = uniqueName("dirs");
      const result = await ftplib(server, { scenario: "directories", name });
      expect(result.mkd).toEqual([`/${name}`, `/${name}/a`, `/${name}/a/q"uote`]);
      expect(result.pwd).toBe(`/${name}/a`);
      expect(result.pwd2).toBe(`/${name}/a/q"uote`);
      expect(result.cdup).toMatch(/^2/);
      expect(result.pwd3).toBe(`/${name}/a`);
      expect(result.rmd).toMatch(/^250/);
      expect(result.missing).toMatch(/^550/);
      expect(result.rename).toMatch(/^250/);
      expect((result.nlst as string[]).map((entry) => entry.split("/").pop())).toEqual(["b"]);
      expect(await readdir(server.root.join(name))).toEqual(["b"]);
      expect(await readdir(server.root.join(name, "b"))).toEqual([]);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "binary",
    async () => {
      const commands = await roundTrip(await v4.get(), {}, 1024 * 1024 + 3);
      expect(commands).toContain("TYPE");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "resume",
    async () => {
      const server = await v4.get();
      const name = uniqueName("resume");
      const payload = binaryPayload(300_000);
      const offset = 123_456;
      await writeFile(local.join(`${name}.up`), payload);
      await writeFile(server.root.join(`${name}.bin`), payload.subarray(0, offset));
      await writeFile(local.join(`${name}.down`), payload.subarray(0, offset));
      const result = await ftplib(server, { scenario: "resume", name, offset });
      expect(result.commands.filter((command) => command === "REST")).toHaveLength(2);
      expect(result.stor).toMatch(/^226/);
      expect(result.retr).toMatch(/^226/);
      expect(await fileSha256(server.root.join(`${name}.bin`))).toBe(sha256(payload));
      expect(await fileSha256(local.join(`${name}.down`))).toBe(sha256(payload));
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "listings",
    async () => {
      const server = await v4.get();
      const name = uniqueName("list");
      await mkdir(server.root.join(name, "sub"), { recursive: true });
      await writeFile(server.root.join(name, "a.bin"), Buffer.alloc(1234, 1));
      await writeFile(server.root.join(name, "é ü.txt"), "utf-8 name\n");
      const result = await ftplib(server, { scenario: "listings", name });
      const list = result.list as string[];
      expect(list).toHaveLength(3);
      expect(list.find((line) => line.endsWith(" a.bin"))).toMatch(/^-.*\s1234\s/);
      expect(list.find((line) => line.endsWith(" sub"))).toMatch(/^d/);
      expect(list.some((line) => line.endsWith(" é ü.txt"))).toBe(true);
      expect((result.nlst as string[]).map((entry) => entry.split("/").pop()).sort()).toEqual(
        ["a.bin", "sub", "é ü.txt"].sort(),
      );
      expect(result.mlsd).toEqual([
        ["a.bin", "file", "1234"],
        ["sub", "dir", null],
        ["é ü.txt", "file", "11"],
      ]);
      expect(result.mlst).toMatch(new RegExp(`type=file;.*size=1234;.* /${name}/a\\.bin`, "s"));
      expect((await stat(server.root.join(name, "é ü.txt"))).size).toBe(11);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "pasv",
    async () => {
      const commands = await roundTrip(await v4.get(), {});
      expect(commands).toContain("PASV");
      expect(commands).not.toContain("EPSV");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "epsv",
    async () => {
      const commands = await roundTrip(await v4.get(), { epsv: true });
      expect(commands).toContain("EPSV");
      expect(commands).not.toContain("PASV");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "active",
    async () => {
      const server = await v4.get();
      const port = await roundTrip(server, { active: true });
      expect(port).toContain("PORT");
      expect(port).not.toContain("PASV");
      const eprt = await roundTrip(server, { active: true, eprt: true });
      expect(eprt).toContain("EPRT");
      expect(eprt).not.toContain("PORT");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "ipv6",
    async () => {
      const server = await v6.get();
      const passive = await roundTrip(server, {});
      expect(passive).toContain("EPSV");
      const active = await roundTrip(server, { active: true });
      expect(active).toContain("EPRT");
    },
    { skip: missing ?? noIPv6 },
  );

  scenario(
    PEER,
    "ftps",
    async () => {
      const server = await tlsRequired.get();
      await writeFile(local.join("ca.pem"), server.cert);
      const commands = await roundTrip(
        server,
        { tls: true, cafile: local.join("ca.pem") },
        300_000,
      );
      expect(commands).toEqual(expect.arrayContaining(["AUTH", "PBSZ", "PROT"]));
      // the same server refuses a clear-text login
      await expect(ftplib(server, { scenario: "login" })).rejects.toThrow(/530|error_perm/);
    },
    { skip: missing },
  );
});
