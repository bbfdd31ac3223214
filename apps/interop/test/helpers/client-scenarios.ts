/**
 * The matrix scenarios for our client against a real server, shared by the vsftpd and
 * pyftpdlib test files. Every check looks at the server's disk (the server runs here) and,
 * through the `ftp:client:command` diagnostics channel, at the commands the client sent.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync } from "node:fs";
import { readdir, stat, writeFile } from "node:fs/promises";
import { posix } from "node:path";
import { Client, type ClientOptions } from "@ftp/client";
import { hasIPv6Loopback } from "@ftp/test-utils";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { binaryPayload, fileSha256, sha256, type TempDir, tempDir, uniqueName } from "./files.js";
import { type Peer, scenario } from "./matrix.js";
import type { Lazy } from "./our-server.js";
import type { FtpTarget } from "./peer-servers.js";

/** What the client scenarios need to know about one kind of server. */
export interface ClientPeer {
  peer: Peer;
  /** Why the server cannot run here (printed skip of every cell). */
  missing: string | undefined;
  /** Why its FTPS cannot run here. */
  tlsMissing: string | undefined;
  /** The server on 127.0.0.1 (plain and explicit FTPS). */
  v4: Lazy<FtpTarget>;
  /** The server on ::1. */
  v6: Lazy<FtpTarget>;
  /** Credentials the server must refuse with 530. */
  badLogin: { user: string; password: string };
  /** How the server lists: MLSD, or LIST after the client's MLSD was refused. */
  listing: "MLSD" | "LIST";
}

/** Records the verbs of the commands our client sends while `fn` runs. */
async function commandsOf(fn: () => Promise<void>): Promise<string[]> {
  const verbs: string[] = [];
  const listener = (message: unknown) => {
    const command = (message as { command?: unknown }).command;
    if (typeof command === "string") verbs.push(command.split(" ")[0]?.toUpperCase() ?? "");
  };
  subscribe("ftp:client:command", listener);
  try {
    await fn();
  } finally {
    unsubscribe("ftp:client:command", listener);
  }
  return verbs;
}

const noIPv6 = (await hasIPv6Loopback()) ? undefined : "this machine has no ::1 loopback";

function remote(target: FtpTarget, ...parts: string[]): string {
  return posix.join(target.dir, ...parts);
}

function onDisk(target: FtpTarget, remotePath: string): string {
  return posix.join(target.localDir, posix.relative(target.dir, remotePath));
}

/** Registers the ten scenarios of `config.peer`. */
export function defineClientScenarios(config: ClientPeer): void {
  const { peer, missing } = config;
  let local: TempDir;
  const open: Client[] = [];

  beforeAll(async () => {
    local = await tempDir("client");
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await Promise.all([config.v4.close(), config.v6.close()]);
    await local?.remove();
  });

  async function connect(target: FtpTarget, options: ClientOptions = {}): Promise<Client> {
    const client = new Client({ socketTimeout: 5000, connectionTimeout: 5000, ...options });
    open.push(client);
    await client.connect(target.host, target.port);
    return client;
  }

  async function loggedIn(target: FtpTarget, options: ClientOptions = {}): Promise<Client> {
    const client = await connect(target, options);
    await client.login(target.user, target.password);
    return client;
  }

  /** Uploads and downloads a payload with `client`; checks the server's and our copy. */
  async function roundTrip(client: Client, target: FtpTarget, size = 256 * 1024): Promise<void> {
    const name = uniqueName("rt");
    const payload = binaryPayload(size);
    await client.uploadFrom(payload, remote(target, `${name}.bin`));
    expect(await fileSha256(onDisk(target, remote(target, `${name}.bin`)))).toBe(sha256(payload));
    await client.download(remote(target, `${name}.bin`), local.join(`${name}.down`), {
      writeInto: true,
    });
    expect(await fileSha256(local.join(`${name}.down`))).toBe(sha256(payload));
  }

  describe(peer, () => {
    scenario(
      peer,
      "login",
      async () => {
        const target = await config.v4.get();
        const client = await connect(target);
        const commands = await commandsOf(() => client.login(target.user, target.password));
        expect(commands).toEqual(expect.arrayContaining(["USER", "PASS"]));
        expect(await client.getCurrentDirectory()).toBe("/");
        await client.quit();
        expect(client.connected).toBe(false);
        const refused = await connect(target);
        const error = await refused.login(config.badLogin.user, config.badLogin.password).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toMatchObject({ code: "ERR_FTP_STATUS" });
        expect(String((error as { receivedCodes: unknown[] }).receivedCodes)).toContain("530");
        refused.close();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "directories",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target);
        const top = remote(target, uniqueName("dirs"));
        await client.makeDirectory(`${top}/a/b`);
        expect((await stat(onDisk(target, `${top}/a/b`))).isDirectory()).toBe(true);
        await client.changeDirectory(`${top}/a`);
        expect(await client.getCurrentDirectory()).toBe(`${top}/a`);
        expect(await client.isDir("b")).toBe(true);
        expect(await client.exists("none")).toBe(false);
        await client.changeDirectory();
        expect(await client.getCurrentDirectory()).toBe(top);
        await client.rename("a/b", "a/c");
        expect(await readdir(onDisk(target, `${top}/a`))).toEqual(["c"]);
        await client.removeDirectory("a/c");
        expect(await readdir(onDisk(target, `${top}/a`))).toEqual([]);
        await client.uploadFrom(Buffer.from("x"), "a/file.txt");
        await client.makeDirectory("a/d/e");
        await client.remove(top);
        expect(existsSync(onDisk(target, top))).toBe(false);
        await expect(client.changeDirectory(top)).rejects.toMatchObject({ code: "ERR_FTP_STATUS" });
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "binary",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target);
        const size = 1024 * 1024 + 11;
        await roundTrip(client, target, size);
        const name = remote(target, uniqueName("stream"));
        const payload = binaryPayload(200_000);
        const up = await client.uploadStream(name);
        for (let at = 0; at < payload.length; at += 50_000)
          await up.write(payload.subarray(at, at + 50_000));
        await up.finish();
        expect(await client.size(name)).toBe(payload.length);
        const down = await client.downloadStream(name);
        const chunks: Buffer[] = [];
        for await (const chunk of down) chunks.push(chunk);
        await down.finish();
        expect(sha256(Buffer.concat(chunks))).toBe(sha256(payload));
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "resume",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target);
        const name = uniqueName("resume");
        const payload = binaryPayload(300_000);
        const path = remote(target, `${name}.bin`);
        await client.uploadFrom(payload.subarray(0, 100_000), path);
        await writeFile(local.join(`${name}.full`), payload);
        const up = await commandsOf(() =>
          client.upload(local.join(`${name}.full`), path, { writeInto: true, resume: true }),
        );
        expect(up).toContain("REST");
        expect(await fileSha256(onDisk(target, path))).toBe(sha256(payload));
        await writeFile(local.join(`${name}.part`), payload.subarray(0, 70_000));
        const down = await commandsOf(() =>
          client.download(path, local.join(`${name}.part`), { writeInto: true, resume: true }),
        );
        expect(down).toContain("REST");
        expect(await fileSha256(local.join(`${name}.part`))).toBe(sha256(payload));
        const tail = await client.downloadStream(path, { offset: payload.length - 1000 });
        const chunks: Buffer[] = [];
        for await (const chunk of tail) chunks.push(chunk);
        await tail.finish();
        expect(Buffer.concat(chunks).equals(payload.subarray(payload.length - 1000))).toBe(true);
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "listings",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target);
        const top = remote(target, uniqueName("list"));
        await client.makeDirectory(`${top}/sub`);
        await client.uploadFrom(Buffer.alloc(1234, 1), `${top}/a.bin`);
        await client.uploadFrom(Buffer.from("inner"), `${top}/sub/inner.txt`);
        let entries: [string, { type: string; size?: string }][] = [];
        const commands = await commandsOf(async () => {
          entries = await client.list(top);
        });
        expect(commands).toContain(config.listing);
        const byName = new Map(entries.map(([path, info]) => [posix.basename(path), info]));
        expect([...byName.keys()].sort()).toEqual(["a.bin", "sub"]);
        expect(byName.get("a.bin")).toMatchObject({ type: "file", size: "1234" });
        expect(byName.get("sub")?.type).toBe("dir");
        const walked: string[] = [];
        for await (const [path] of client.list(top, { recursive: true }))
          walked.push(posix.basename(path));
        expect(walked.sort()).toEqual(["a.bin", "inner.txt", "sub"]);
        const raw = await client.list(top, { rawCommand: "LIST" });
        expect(raw.map(([path]) => posix.basename(path)).sort()).toEqual(["a.bin", "sub"]);
        expect((await client.listNames(top)).map((name) => posix.basename(name)).sort()).toEqual([
          "a.bin",
          "sub",
        ]);
        expect((await client.stat(`${top}/a.bin`)).size).toBe("1234");
        expect(await client.isFile(`${top}/a.bin`)).toBe(true);
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "pasv",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target, { passiveCommands: ["pasv"] });
        const commands = await commandsOf(() => roundTrip(client, target));
        expect(commands).toContain("PASV");
        expect(commands).not.toContain("EPSV");
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "epsv",
      async () => {
        const target = await config.v4.get();
        const client = await loggedIn(target, { passiveCommands: ["epsv"] });
        const commands = await commandsOf(() => roundTrip(client, target));
        expect(commands).toContain("EPSV");
        expect(commands).not.toContain("PASV");
        await client.quit();
      },
      { skip: missing },
    );

    scenario(
      peer,
      "active",
      async () => {
        const target = await config.v4.get();
        for (const command of ["port", "eprt"] as const) {
          const client = await loggedIn(target, { passiveCommands: [], activeCommands: [command] });
          const commands = await commandsOf(() => roundTrip(client, target));
          expect(commands).toContain(command.toUpperCase());
          expect(commands).not.toContain("PASV");
          expect(commands).not.toContain("EPSV");
          await client.quit();
        }
      },
      { skip: missing },
    );

    scenario(
      peer,
      "ipv6",
      async () => {
        const target = await config.v6.get();
        const passive = await loggedIn(target);
        const commands = await commandsOf(() => roundTrip(passive, target));
        expect(commands).toContain("EPSV");
        expect((await passive.list(target.dir)).length).toBeGreaterThan(0);
        await passive.quit();
        const active = await loggedIn(target, { passiveCommands: [], activeCommands: ["eprt"] });
        expect(await commandsOf(() => roundTrip(active, target))).toContain("EPRT");
        await active.quit();
      },
      { skip: missing ?? noIPv6 },
    );

    scenario(
      peer,
      "ftps",
      async () => {
        const target = await config.v4.get();
        const client = await connect(target);
        const commands = await commandsOf(async () => {
          await client.upgradeToTls({ ca: target.cert });
          await client.login(target.user, target.password);
          await roundTrip(client, target, 300_000);
          const listed = await client.list(target.dir);
          expect(listed.length).toBeGreaterThan(0);
        });
        expect(client.secure).toBe(true);
        expect(commands).toEqual(expect.arrayContaining(["AUTH", "PBSZ", "PROT"]));
        await client.quit();
      },
      { skip: config.tlsMissing },
    );
  });
}
