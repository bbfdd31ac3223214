/**
 * Our server driven by lftp: each scenario is one `lftp -c` script; lftp's debug log (the
 * `--->` lines) shows which commands it sent, the server's disk shows what happened.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hasIPv6Loopback } from "@ftp/test-utils";
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
import { run } from "./helpers/run.js";

const PEER = "server <- lftp";
const LFTP = "/usr/bin/lftp";
const missing = existsSync(LFTP) ? undefined : `${LFTP} not found (apt-get install lftp)`;
const noIPv6 = (await hasIPv6Loopback()) ? undefined : "this machine has no ::1 loopback";

const v4 = lazy(() => startOurServer("127.0.0.1"));
const v6 = lazy(() => startOurServer("::1"));
const tlsRequired = lazy(() =>
  startOurServer("127.0.0.1", { requireTlsForLogin: true, requireTlsForData: true }),
);

let local: TempDir;
beforeAll(async () => {
  local = await tempDir("lftp");
});
afterAll(async () => {
  await Promise.all([v4.close(), v6.close(), tlsRequired.close()]);
  await local?.remove();
});

/** Settings for a quick, non-interactive lftp that fails instead of retrying. */
const BASE_SETTINGS = [
  "set cmd:fail-exit yes",
  "set cmd:interactive no",
  "set net:max-retries 1",
  "set net:timeout 5",
  "set net:reconnect-interval-base 1",
  "set xfer:clobber on",
];
const PLAIN = ["set ftp:ssl-allow no"];

interface LftpResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The commands lftp sent (verbs only), from its debug log. */
  commands: string[];
  /** The server's reply lines, from the same log. */
  replies: string[];
}

/** Runs one lftp script against `server` as alice; `commands` run after `open`. */
async function lftp(
  server: OurServer,
  commands: readonly string[],
  settings: readonly string[] = PLAIN,
  password = PASSWORD,
): Promise<LftpResult> {
  const log = local.join(`${uniqueName("debug")}.log`);
  const host = server.host.includes(":") ? `[${server.host}]` : server.host;
  const script = [
    ...BASE_SETTINGS,
    ...settings,
    `debug -o ${log} 5`,
    `open -u ${USER},${password} ftp://${host}:${server.port}`,
    ...commands,
  ].join("; ");
  const result = await run(LFTP, ["-c", script], { cwd: local.path, timeout: 12_000 });
  const text = existsSync(log) ? await readFile(log, "utf8") : "";
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    commands: [...text.matchAll(/^---> ([A-Z]{3,4})\b/gm)].map((match) => match[1] ?? ""),
    replies: [...text.matchAll(/^<--- (.*)$/gm)].map((match) => match[1] ?? ""),
  };
}

async function lftpOk(
  server: OurServer,
  commands: readonly string[],
  settings: readonly string[] = PLAIN,
): Promise<LftpResult> {
  const result = await lftp(server, commands, settings);
  if (result.code !== 0) {
    const last = result.replies.slice(-3).join(" | ");
    throw new Error(
      `lftp exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()} (last replies: ${last})`,
    );
  }
  return result;
}

/** Has lftp upload then download a payload; checks both copies, returns the commands sent. */
async function roundTrip(
  server: OurServer,
  settings: readonly string[] = PLAIN,
  size = 256 * 1024,
) {
  const name = uniqueName("rt");
  const payload = binaryPayload(size);
  await writeFile(local.join(`${name}.up`), payload);
  const result = await lftpOk(
    server,
    [`put ${name}.up -o ${name}.bin`, `get ${name}.bin -o ${name}.down`],
    settings,
  );
  expect(await fileSha256(server.root.join(`${name}.bin`))).toBe(sha256(payload));
  expect(await fileSha256(local.join(`${name}.down`))).toBe(sha256(payload));
  return result.commands;
}

describe(PEER, () => {
  scenario(
    PEER,
    "login",
    async () => {
      const server = await v4.get();
      const ok = await lftpOk(server, ["quote NOOP", "pwd"]);
      expect(ok.commands).toEqual(expect.arrayContaining(["USER", "PASS", "NOOP"]));
      const bad = await lftp(server, ["quote NOOP"], PLAIN, "wrong");
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/Login failed: 530/);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "directories",
    async () => {
      const server = await v4.get();
      const top = uniqueName("dirs");
      const result = await lftpOk(server, [
        `mkdir -p ${top}/a/b/c`,
        `cd ${top}/a/b`,
        "pwd",
        "rmdir c",
        "cd ..",
        "mv b renamed",
        "mkdir extra",
        "rmdir extra",
      ]);
      expect(result.commands).toEqual(
        expect.arrayContaining(["MKD", "CWD", "RMD", "RNFR", "RNTO"]),
      );
      expect(result.stdout).toContain(`/${top}/a/b`);
      expect(await readdir(server.root.join(top, "a"))).toEqual(["renamed"]);
      expect(await readdir(server.root.join(top, "a", "renamed"))).toEqual([]);
      const missingDir = await lftp(server, [`cd ${top}/nope`]);
      expect(missingDir.code).not.toBe(0);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "binary",
    async () => {
      await roundTrip(await v4.get(), PLAIN, 1024 * 1024 + 5);
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
      await writeFile(local.join(`${name}.up`), payload);
      await writeFile(server.root.join(`${name}.bin`), payload.subarray(0, 110_000));
      await writeFile(local.join(`${name}.down`), payload.subarray(0, 90_000));
      // put -c: SIZE, then REST 110000 + STOR; get -c: REST 90000 + RETR
      const result = await lftpOk(server, [
        `put -c ${name}.up -o ${name}.bin`,
        `get -c ${name}.bin -o ${name}.down`,
      ]);
      expect(result.commands.filter((command) => command === "REST")).toHaveLength(2);
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
      const dir = uniqueName("list");
      await mkdir(server.root.join(dir, "sub"), { recursive: true });
      await writeFile(server.root.join(dir, "a.bin"), Buffer.alloc(1234, 1));
      await writeFile(server.root.join(dir, "b.txt"), "text\n");
      // cls parses the listing (MLSD, as FEAT announces MLST); ls prints LIST; nlist NLST
      const parsed = await lftpOk(server, [`cls -l ${dir}`]);
      expect(parsed.commands).toContain("MLSD");
      const clsLines = parsed.stdout.split("\n").filter(Boolean);
      expect(clsLines).toHaveLength(3);
      expect(clsLines.find((line) => line.endsWith("a.bin"))).toMatch(/^-.*\b1234\b/);
      expect(clsLines.find((line) => line.endsWith("sub/"))).toMatch(/^d/);
      const raw = await lftpOk(server, [`ls ${dir}`]);
      expect(raw.commands).toContain("LIST");
      expect(raw.stdout.split("\n").find((line) => line.endsWith(" a.bin"))).toMatch(/\s1234\s/);
      const names = await lftpOk(server, [`nlist ${dir}`]);
      expect(names.commands).toContain("NLST");
      expect(
        names.stdout
          .split("\n")
          .filter(Boolean)
          .map((name) => name.split("/").pop())
          .sort(),
      ).toEqual(["a.bin", "b.txt", "sub"]);
      expect((await stat(server.root.join(dir, "a.bin"))).size).toBe(1234);
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "pasv",
    async () => {
      const commands = await roundTrip(await v4.get(), [
        ...PLAIN,
        "set ftp:passive-mode on",
        "set ftp:prefer-epsv no",
      ]);
      expect(commands).toContain("PASV");
      expect(commands).not.toContain("EPSV");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "epsv",
    async () => {
      const commands = await roundTrip(await v4.get(), [
        ...PLAIN,
        "set ftp:passive-mode on",
        "set ftp:prefer-epsv yes",
      ]);
      expect(commands).toContain("EPSV");
      expect(commands).not.toContain("PASV");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "active",
    async () => {
      const commands = await roundTrip(await v4.get(), [...PLAIN, "set ftp:passive-mode off"]);
      expect(commands).toContain("PORT");
      expect(commands).not.toContain("PASV");
      expect(commands).not.toContain("EPSV");
    },
    { skip: missing },
  );

  scenario(
    PEER,
    "ipv6",
    async () => {
      const server = await v6.get();
      const passive = await roundTrip(server);
      expect(passive).toContain("EPSV");
      expect(passive).not.toContain("PASV");
      const list = await lftpOk(server, ["cls -l"]);
      expect(list.stdout).toMatch(/\.bin/);
      // No active mode here: lftp 4.9 announces the unspecified address in EPRT over IPv6
      // (`EPRT |2|::|port|`, whatever net:socket-bind-ipv6 says), which a server that only
      // connects back to the control peer (ours, vsftpd, pyftpdlib) refuses with 501.
    },
    { skip: missing ?? noIPv6 },
  );

  scenario(
    PEER,
    "ftps",
    async () => {
      const server = await tlsRequired.get();
      await writeFile(local.join("ca.pem"), server.cert);
      const tls = [
        "set ftp:ssl-force yes",
        "set ftp:ssl-protect-data yes",
        "set ftp:ssl-protect-list yes",
        `set ssl:ca-file ${local.join("ca.pem")}`,
      ];
      const commands = await roundTrip(server, tls, 300_000);
      expect(commands).toEqual(expect.arrayContaining(["AUTH", "PBSZ", "PROT"]));
      const list = await lftpOk(server, ["cls -l"], tls);
      expect(list.stdout).toMatch(/\.bin/);
      // without TLS the same server refuses the login
      const plain = await lftp(server, ["quote NOOP"]);
      expect(plain.code).not.toBe(0);
    },
    { skip: missing },
  );
});
