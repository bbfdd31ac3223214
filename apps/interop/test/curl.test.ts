/**
 * Our server driven by curl: every scenario is a curl command line whose result is checked on
 * the server's disk and in curl's own output (`-v` shows which commands curl sent).
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
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
import { run, runOk } from "./helpers/run.js";

const PEER = "server <- curl";
const missing = hasCommand("curl") ? undefined : "curl is not installed (apt-get install curl)";
const noIPv6 = (await hasIPv6Loopback()) ? undefined : "this machine has no ::1 loopback";

const v4 = lazy(() => startOurServer("127.0.0.1"));
const v6 = lazy(() => startOurServer("::1"));
// FTPS with everything a strict server can demand: TLS for login and data, and data
// connections that resume the control connection's TLS session (curl does).
const strictTls = lazy(() =>
  startOurServer("127.0.0.1", {
    requireTlsForLogin: true,
    requireTlsForData: true,
    requireTlsSessionReuse: true,
  }),
);

let local: TempDir;
beforeAll(async () => {
  local = await tempDir("curl");
});
afterAll(async () => {
  await Promise.all([v4.close(), v6.close(), strictTls.close()]);
  await local?.remove();
});

function url(server: OurServer, file = ""): string {
  const host = server.host.includes(":") ? `[${server.host}]` : server.host;
  return `ftp://${host}:${server.port}/${file}`;
}

/** Runs curl (`-sS`, short timeouts, alice's credentials) and returns stdout and `-v` stderr. */
async function curl(...args: string[]) {
  return runOk("curl", [
    "-sS",
    "--max-time",
    "10",
    "--connect-timeout",
    "5",
    "-u",
    `${USER}:${PASSWORD}`,
    ...args,
  ]);
}

/** The FTP commands curl sent, from its `-v` output (`> CMD ...`). */
function sent(stderr: string): string[] {
  return [...stderr.matchAll(/^> ([A-Z]{3,4})\b/gm)].map((match) => match[1] ?? "");
}

/** Uploads a payload with curl and downloads it back with the extra `args`; checks both copies. */
async function roundTrip(server: OurServer, args: string[], size = 256 * 1024) {
  const name = uniqueName("rt");
  const payload = binaryPayload(size);
  await writeFile(local.join(`${name}.up`), payload);
  const up = await curl("-v", ...args, "-T", local.join(`${name}.up`), url(server, `${name}.bin`));
  expect(await fileSha256(server.root.join(`${name}.bin`))).toBe(sha256(payload));
  const down = await curl(
    "-v",
    ...args,
    "-o",
    local.join(`${name}.down`),
    url(server, `${name}.bin`),
  );
  expect(await fileSha256(local.join(`${name}.down`))).toBe(sha256(payload));
  return { up: sent(up.stderr), down: sent(down.stderr) };
}

describe(PEER, () => {
  scenario(
    PEER,
    "login",
    async () => {
      const server = await v4.get();
      const ok = await curl("-v", url(server));
      expect(ok.stderr).toMatch(/^< 230/m);
      const bad = await run("curl", [
        "-sS",
        "--max-time",
        "10",
        "-u",
        `${USER}:wrong`,
        url(server),
      ]);
      expect(bad.code).toBe(67); // CURLE_LOGIN_DENIED: the server answered 530
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "directories",
    async () => {
      const server = await v4.get();
      const top = uniqueName("dirs");
      await writeFile(local.join("small.txt"), "small\n");
      // --ftp-create-dirs: CWD fails, curl sends MKD for each level, then CWD into it
      const created = await curl(
        "-v",
        "--ftp-create-dirs",
        "-T",
        local.join("small.txt"),
        url(server, `${top}/a/b/f.txt`),
      );
      expect(sent(created.stderr)).toContain("MKD");
      expect(await readFile(server.root.join(top, "a/b/f.txt"), "utf8")).toBe("small\n");
      await curl("-Q", `MKD ${top}/extra`, url(server, `${top}/`));
      expect((await stat(server.root.join(top, "extra"))).isDirectory()).toBe(true);
      const removed = await curl(
        "-v",
        "-Q",
        "-DELE b/f.txt",
        "-Q",
        "-RMD b",
        "-Q",
        "-RMD ../a/../extra",
        url(server, `${top}/a/`),
      );
      expect(sent(removed.stderr)).toEqual(expect.arrayContaining(["CWD", "DELE", "RMD"]));
      expect(await readdir(server.root.join(top))).toEqual(["a"]);
      expect(await readdir(server.root.join(top, "a"))).toEqual([]);
      const missingDir = await run("curl", [
        "-sS",
        "--max-time",
        "10",
        "-u",
        `${USER}:${PASSWORD}`,
        url(server, `${top}/nope/`),
      ]);
      expect(missingDir.code).toBe(9); // CURLE_REMOTE_ACCESS_DENIED: CWD answered 550
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "binary",
    async () => {
      const server = await v4.get();
      await roundTrip(server, [], 1024 * 1024 + 7);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "resume",
    async () => {
      const server = await v4.get();
      const payload = binaryPayload(300_000);
      const name = uniqueName("resume");
      await writeFile(local.join(`${name}.full`), payload);
      // upload: the server holds the first 120 000 bytes; `-C -` asks SIZE and APPEnds the rest
      await writeFile(server.root.join(`${name}.bin`), payload.subarray(0, 120_000));
      const up = await curl(
        "-v",
        "-C",
        "-",
        "-T",
        local.join(`${name}.full`),
        url(server, `${name}.bin`),
      );
      expect(sent(up.stderr)).toEqual(expect.arrayContaining(["SIZE", "APPE"]));
      expect(await fileSha256(server.root.join(`${name}.bin`))).toBe(sha256(payload));
      // download: the local file holds the first 100 000 bytes; `-C -` sends REST 100000
      await writeFile(local.join(`${name}.part`), payload.subarray(0, 100_000));
      const down = await curl(
        "-v",
        "-C",
        "-",
        "-o",
        local.join(`${name}.part`),
        url(server, `${name}.bin`),
      );
      expect(down.stderr).toMatch(/^> REST 100000/m);
      expect(await fileSha256(local.join(`${name}.part`))).toBe(sha256(payload));
      // a byte range: REST then ABOR once curl has what it wanted
      const range = await curl("-r", "299990-", url(server, `${name}.bin`));
      expect(Buffer.from(range.stdout, "latin1").length).toBeGreaterThan(0);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "listings",
    async () => {
      const server = await v4.get();
      const dir = uniqueName("list");
      await mkdir(server.root.join(dir, "sub"), { recursive: true });
      await writeFile(server.root.join(dir, "a.bin"), Buffer.alloc(1234, 1));
      await writeFile(server.root.join(dir, "b c.txt"), "spaces\n");
      const list = await curl(url(server, `${dir}/`));
      const lines = list.stdout.split(/\r?\n/).filter(Boolean);
      expect(lines).toHaveLength(3);
      expect(lines.find((l) => l.endsWith(" a.bin"))).toMatch(/^-[rwx-]{9}\s.*\s1234\s/);
      expect(lines.find((l) => l.endsWith(" sub"))).toMatch(/^d/);
      expect(lines.some((l) => l.endsWith(" b c.txt"))).toBe(true);
      const names = await curl("-l", url(server, `${dir}/`));
      expect(names.stdout.split(/\r?\n/).filter(Boolean).sort()).toEqual([
        "a.bin",
        "b c.txt",
        "sub",
      ]);
      // curl's -X replaces LIST by another listing command: MLSD
      const mlsd = await curl("-X", "MLSD", url(server, `${dir}/`));
      const facts = new Map(
        mlsd.stdout
          .split(/\r?\n/)
          .filter(Boolean)
          .map((line) => [
            line.slice(line.indexOf(" ") + 1),
            line.slice(0, line.indexOf(" ")).toLowerCase(),
          ]),
      );
      expect([...facts.keys()].sort()).toEqual(["a.bin", "b c.txt", "sub"]);
      expect(facts.get("a.bin")).toMatch(/(^|;)type=file;/);
      expect(facts.get("a.bin")).toMatch(/(^|;)size=1234;/);
      expect(facts.get("sub")).toMatch(/(^|;)type=dir;/);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "pasv",
    async () => {
      const server = await v4.get();
      const { up, down } = await roundTrip(server, ["--disable-epsv"]);
      for (const commands of [up, down]) {
        expect(commands).toContain("PASV");
        expect(commands).not.toContain("EPSV");
      }
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "epsv",
    async () => {
      const server = await v4.get();
      const { up, down } = await roundTrip(server, []);
      for (const commands of [up, down]) {
        expect(commands).toContain("EPSV");
        expect(commands).not.toContain("PASV");
      }
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "active",
    async () => {
      const server = await v4.get();
      const eprt = await roundTrip(server, ["-P", "-"]);
      for (const commands of [eprt.up, eprt.down]) expect(commands).toContain("EPRT");
      const port = await roundTrip(server, ["-P", "-", "--disable-eprt"]);
      for (const commands of [port.up, port.down]) {
        expect(commands).toContain("PORT");
        expect(commands).not.toContain("EPRT");
      }
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "ipv6",
    async () => {
      const server = await v6.get();
      const passive = await roundTrip(server, ["-g"]);
      expect(passive.down).toContain("EPSV");
      const active = await roundTrip(server, ["-g", "-P", "-"]);
      expect(active.down).toContain("EPRT");
      const list = await curl("-g", url(server));
      expect(list.stdout).toMatch(/\.bin\r?\n/);
    },
    { skip: missing ?? noIPv6 },
  );

  scenario(
    PEER,
    "ftps",
    async () => {
      const server = await strictTls.get();
      await writeFile(local.join("ca.pem"), server.cert);
      // a plain login is refused: the server requires TLS
      const plain = await run("curl", [
        "-sS",
        "--max-time",
        "10",
        "-u",
        `${USER}:${PASSWORD}`,
        url(server),
      ]);
      expect(plain.code).not.toBe(0);
      for (const version of ["1.2", "1.3"]) {
        const tlsArgs = [
          "--ssl-reqd",
          "--cacert",
          local.join("ca.pem"),
          `--tlsv${version}`,
          "--tls-max",
          version,
        ];
        const { up, down } = await roundTrip(server, tlsArgs, 300_000);
        for (const commands of [up, down])
          expect(commands).toEqual(expect.arrayContaining(["AUTH", "PBSZ", "PROT"]));
        const list = await curl(...tlsArgs, url(server));
        expect(list.stdout).toMatch(/\.bin\r?\n/);
      }
    },
    { skip: missing },
  );
});
