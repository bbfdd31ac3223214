import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "@ftp/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonEntry } from "../src/cli/commands/ls.js";
import { EXIT } from "../src/cli/main.js";
import { type Fixture, fixture, ftp, pattern } from "./cli-helpers.js";

let fx: Fixture;

beforeEach(async () => {
  fx = await fixture();
});
afterEach(async () => {
  await fx.close();
});

async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  return Client.context(
    fx.server.host,
    { port: fx.server.port, user: fx.server.user, password: fx.server.password },
    fn,
  );
}

async function seed(files: Record<string, Buffer | string>): Promise<void> {
  await withClient(async (client) => {
    for (const [file, content] of Object.entries(files)) {
      await client.makeDirectory(path.posix.dirname(file));
      await client.uploadFrom(Buffer.from(content), file);
    }
  });
}

async function remoteBytes(file: string): Promise<Buffer> {
  return withClient(async (client) => {
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadStream(file)) chunks.push(chunk);
    return Buffer.concat(chunks);
  });
}

describe("ftp ls", () => {
  it("lists names, long lines and --json", async () => {
    await seed({ "/pub/a.txt": "hello", "/pub/sub/b.bin": pattern(1000) });
    const names = await fx.ftp(["ls", `${fx.base}/pub/`]);
    expect(names).toMatchObject({ code: 0, stderr: "" });
    expect(names.stdout.split("\n").filter(Boolean).sort()).toEqual(["a.txt", "sub"]);

    const long = await fx.ftp(["ls", "-l", `${fx.base}/pub`]);
    expect(long.stdout).toMatch(/^file +5 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +a\.txt$/m);
    expect(long.stdout).toMatch(/^dir +- +.* sub$/m);

    const json = await fx.ftp(["ls", "--json", "-R", `${fx.base}/pub`]);
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as JsonEntry[];
    const byName = Object.fromEntries(entries.map((entry) => [entry.name, entry]));
    expect(Object.keys(byName).sort()).toEqual(["a.txt", "sub", "sub/b.bin"]);
    expect(byName["sub/b.bin"]).toMatchObject({ type: "file", size: 1000, path: "/pub/sub/b.bin" });
    expect(byName["a.txt"]?.modify).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(byName.sub?.facts.type).toBe("dir");
  });

  it("shows a single file's facts when the URL names a file", async () => {
    await seed({ "/one.txt": "12345" });
    const run = await fx.ftp(["ls", "--json", `${fx.base}/one.txt`]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ name: "one.txt", size: 5, type: "file" }]);
  });
});

describe("ftp get / put", () => {
  it("uploads and downloads a file, byte for byte", async () => {
    const data = pattern(200_000, 7);
    await writeFile(path.join(fx.dir, "data.bin"), data);
    const up = await fx.ftp(["put", "data.bin", `${fx.base}/incoming/`]);
    expect(up.stderr).toMatch(/put data\.bin -> \/incoming\/data\.bin +195 KiB/);
    expect(up.code).toBe(0);
    expect((await remoteBytes("/incoming/data.bin")).equals(data)).toBe(true);

    const down = await fx.ftp(["get", `${fx.base}/incoming/data.bin`, "copy.bin"]);
    expect(down.code).toBe(0);
    expect((await readFile(path.join(fx.dir, "copy.bin"))).equals(data)).toBe(true);

    await mkdir(path.join(fx.dir, "into"));
    expect((await fx.ftp(["get", `${fx.base}/incoming/data.bin`, "into"])).code).toBe(0);
    expect((await readFile(path.join(fx.dir, "into", "data.bin"))).equals(data)).toBe(true);
  });

  it("puts several files into a new directory in parallel", async () => {
    for (const name of ["x.txt", "y.txt", "z.txt"]) await writeFile(path.join(fx.dir, name), name);
    const run = await fx.ftp(["put", "-P", "3", "x.txt", "y.txt", "z.txt", `${fx.base}/new/dir/`]);
    expect(run.code).toBe(0);
    for (const name of ["x.txt", "y.txt", "z.txt"])
      expect((await remoteBytes(`/new/dir/${name}`)).toString()).toBe(name);
  });

  it("writes a file to standard output with -", async () => {
    await seed({ "/motd": "good morning\n" });
    const run = await fx.ftp(["get", `${fx.base}/motd`, "-"]);
    expect(run).toMatchObject({ code: 0, stdout: "good morning\n" });
  });

  it("moves trees with --parallel 3 over three connections", async () => {
    const tree = path.join(fx.dir, "site");
    const files: Record<string, Buffer> = {};
    for (let index = 0; index < 9; index++) {
      const relative = index < 3 ? `f${index}.bin` : `d${index % 3}/deeper/f${index}.bin`;
      files[relative] = pattern(20_000 + index * 1000, index);
      await mkdir(path.dirname(path.join(tree, relative)), { recursive: true });
      await writeFile(path.join(tree, relative), files[relative]);
    }
    const before = fx.logins;
    const up = await fx.ftp(["put", "-r", "--parallel", "3", "site", `${fx.base}/`]);
    expect(up.stderr).toContain("9 of 9 files");
    expect(up.stderr).toContain("over 3 connections");
    expect(up.code).toBe(0);
    expect(fx.logins - before).toBe(4); // the listing connection plus three pooled sessions
    for (const [relative, data] of Object.entries(files))
      expect((await remoteBytes(`/site/${relative}`)).equals(data)).toBe(true);

    const startsBefore = fx.starts.length;
    const down = await fx.ftp(["get", "-r", "-P", "3", `${fx.base}/site`, "copy"]);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain("over 3 connections");
    for (const [relative, data] of Object.entries(files))
      expect((await readFile(path.join(fx.dir, "copy", relative))).equals(data)).toBe(true);
    const retrs = fx.starts.slice(startsBefore).filter((start) => start.command === "RETR");
    expect(retrs).toHaveLength(9);
    const sessions = new Set(retrs.map((start) => start.sessionId));
    expect(sessions.size).toBe(3);
  });

  it("resumes a download with --continue: only the missing bytes cross the wire", async () => {
    const data = pattern(300_000, 3);
    await seed({ "/big.bin": data });
    await writeFile(path.join(fx.dir, "big.bin"), data.subarray(0, 120_000));
    const run = await fx.ftp(["get", "--continue", `${fx.base}/big.bin`]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("resumed");
    expect((await readFile(path.join(fx.dir, "big.bin"))).equals(data)).toBe(true);
    const retr = fx.ends.filter((end) => end.direction === "download");
    expect(retr.at(-1)).toMatchObject({ offset: 120_000, bytes: 180_000, completed: true });
  });

  it("resumes an upload with --continue", async () => {
    const data = pattern(250_000, 4);
    await seed({ "/up.bin": data.subarray(0, 100_000) });
    await writeFile(path.join(fx.dir, "up.bin"), data);
    const run = await fx.ftp(["put", "-c", "up.bin", `${fx.base}/up.bin`]);
    expect(run.code).toBe(0);
    expect((await remoteBytes("/up.bin")).equals(data)).toBe(true);
    expect(fx.ends.filter((end) => end.direction === "upload").at(-1)).toMatchObject({
      offset: 100_000,
      bytes: 150_000,
    });
  });
});

describe("ftp mirror", () => {
  it("downloads what differs, skips what matches, deletes extras with --delete", async () => {
    await seed({ "/proj/a.txt": "alpha", "/proj/src/b.txt": "beta", "/proj/src/c.txt": "gamma" });
    const first = await fx.ftp(["mirror", "-P", "3", `${fx.base}/proj`, "mirror"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("mirror: 3 transferred, 0 up to date, 0 deleted");
    expect(await readFile(path.join(fx.dir, "mirror/src/c.txt"), "utf8")).toBe("gamma");

    const again = await fx.ftp(["mirror", `${fx.base}/proj`, "mirror"]);
    expect(again.stderr).toContain("mirror: 0 transferred, 3 up to date, 0 deleted");

    await seed({ "/proj/src/b.txt": "beta, longer now" });
    await writeFile(path.join(fx.dir, "mirror/stale.txt"), "not on the server");
    const third = await fx.ftp(["mirror", "--delete", `${fx.base}/proj`, "mirror"]);
    expect(third.stderr).toContain("mirror: 1 transferred, 2 up to date, 1 deleted");
    expect(await readFile(path.join(fx.dir, "mirror/src/b.txt"), "utf8")).toBe("beta, longer now");
    await expect(stat(path.join(fx.dir, "mirror/stale.txt"))).rejects.toThrow();
  });

  it("uploads a local tree (reverse direction), then finds it up to date", async () => {
    await mkdir(path.join(fx.dir, "local/x"), { recursive: true });
    await writeFile(path.join(fx.dir, "local/one.txt"), "1");
    await writeFile(path.join(fx.dir, "local/x/two.txt"), "22");
    const first = await fx.ftp(["mirror", "-P", "2", "local", `${fx.base}/remote`]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("mirror: 2 transferred");
    expect((await remoteBytes("/remote/x/two.txt")).toString()).toBe("22");
    const dry = await fx.ftp(["mirror", "--dry-run", "local", `${fx.base}/remote`]);
    expect(dry.stderr).toContain("0 to transfer, 2 up to date");
  });
});

describe("ftp rm / mkdir", () => {
  it("creates and removes directories and files", async () => {
    expect((await fx.ftp(["mkdir", `${fx.base}/a`])).code).toBe(0);
    expect((await fx.ftp(["mkdir", `${fx.base}/a`])).code).toBe(EXIT.remote);
    expect((await fx.ftp(["mkdir", `${fx.base}/x/y/z`])).code).toBe(EXIT.remote);
    expect((await fx.ftp(["mkdir", "-p", `${fx.base}/x/y/z`, `${fx.base}/a`])).code).toBe(0);
    await seed({ "/x/y/z/file.txt": "f" });
    const notEmpty = await fx.ftp(["rm", `${fx.base}/x`]);
    expect(notEmpty.code).toBe(EXIT.remote);
    expect(notEmpty.stderr).toContain("use -r");
    expect((await fx.ftp(["rm", `${fx.base}/x/y/z/file.txt`, `${fx.base}/a`])).code).toBe(0);
    expect((await fx.ftp(["rm", "-r", `${fx.base}/x`])).code).toBe(0);
    const listing = await fx.ftp(["ls", `${fx.base}/`]);
    expect(listing.stdout).toBe("");
    const missing = await fx.ftp(["rm", `${fx.base}/nothing`]);
    expect(missing.code).toBe(EXIT.remote);
    expect(missing.stderr).toContain("/nothing: no such file or directory");
  });
});

describe("interrupting", () => {
  it("exits 130 on an interrupt mid-transfer; --continue then completes the file", async () => {
    const slow = await fixture({ serverOptions: { writeSpeedLimit: 400_000 } });
    try {
      const data = pattern(600_000, 11);
      await Client.context(
        slow.server.host,
        { port: slow.server.port, user: slow.server.user, password: slow.server.password },
        (client) => client.uploadFrom(data, "/slow.bin"),
      );
      const controller = new AbortController();
      // interrupt once the first bytes reached the local file (the server sends 400 kB/s)
      const local = path.join(slow.dir, "slow.bin");
      const poll = setInterval(() => {
        stat(local).then(
          (info) => {
            if (info.size > 0) controller.abort(new Error("SIGINT"));
          },
          () => {},
        );
      }, 20);
      const interrupted = await slow
        .ftp(["get", `${slow.base}/slow.bin`], {}, controller.signal)
        .finally(() => clearInterval(poll));
      expect(interrupted.code).toBe(EXIT.interrupted);
      expect(interrupted.stderr).toContain("interrupted");
      const partial = (await stat(path.join(slow.dir, "slow.bin"))).size;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(data.length);

      const resumed = await slow.ftp(["get", "-c", `${slow.base}/slow.bin`]);
      expect(resumed.code).toBe(0);
      expect((await readFile(path.join(slow.dir, "slow.bin"))).equals(data)).toBe(true);
      expect(slow.starts.filter((start) => start.command === "RETR").at(-1)?.offset).toBe(partial);
    } finally {
      await slow.close();
    }
  });
});

describe("exit codes", () => {
  it("3 for a bad password, 1 for a missing file, 4 for a missing local file", async () => {
    const bad = await fx.ftp(["ls", `ftp://alice:wrong@${fx.server.host}:${fx.server.port}/`]);
    expect(bad.code).toBe(EXIT.connection);
    expect(bad.stderr).toContain("530");
    const missing = await fx.ftp(["get", `${fx.base}/nope.txt`]);
    expect(missing.code).toBe(EXIT.remote);
    expect(missing.stderr).toContain("550");
    const local = await fx.ftp(["put", "no-such-file", `${fx.base}/`]);
    expect(local.code).toBe(EXIT.local);
  });

  it("3 when nothing listens", async () => {
    const port = fx.server.port;
    await fx.server.close();
    const run = await fx.ftp(["ls", `ftp://127.0.0.1:${port}/`]);
    expect(run.code).toBe(EXIT.connection);
    expect(run.stderr).toMatch(/ECONNREFUSED|refused/);
  });

  it("2 for bad usage", async () => {
    for (const argv of [
      [],
      ["frobnicate"],
      ["ls"],
      ["ls", "--bogus", `${fx.base}/`],
      ["ls", "/not/a/url"],
      ["get", `${fx.base}/a`, "b", "c"],
      ["get", "-P", "zero", `${fx.base}/a`],
      ["mirror", `${fx.base}/a`, `${fx.base}/b`],
      ["ls", "--insecure", `${fx.base}/`],
    ]) {
      const run = await fx.ftp(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: EXIT.usage });
      expect(run.stderr).not.toBe("");
    }
  });

  it("--help for every command", async () => {
    for (const command of ["ls", "get", "put", "mirror", "rm", "mkdir", "serve"]) {
      const run = await fx.ftp([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: ftp ${command}`);
    }
    const top = await fx.ftp(["--help"]);
    expect(top.stdout).toContain("Exit status: 0 ok, 1");
    expect((await fx.ftp(["help", "get"])).stdout).toContain("Usage: ftp get");
  });
});

describe("credentials", () => {
  it("come from FTP_USER/FTP_PASSWORD and from a netrc file", async () => {
    await seed({ "/x.txt": "x" });
    const hostPort = `${fx.server.host}:${fx.server.port}`;
    const fromEnv = await fx.ftp(["ls", `ftp://${hostPort}/`], {
      FTP_USER: "alice",
      FTP_PASSWORD: "s3cret",
    });
    expect(fromEnv).toMatchObject({ code: 0, stdout: "x.txt\n" });

    const netrc = path.join(fx.dir, "my-netrc");
    await writeFile(
      netrc,
      `machine other.example login bob password nope\n\nmachine ${fx.server.host}\n  login alice\n  password "s3cret"\n`,
    );
    const fromNetrc = await fx.ftp(["ls", "--netrc-file", netrc, `ftp://${hostPort}/`]);
    expect(fromNetrc).toMatchObject({ code: 0, stdout: "x.txt\n" });
    const viaEnv = await fx.ftp(["ls", `ftp://alice@${hostPort}/`], { NETRC: netrc });
    expect(viaEnv.code).toBe(0);
    const anonymous = await fx.ftp(["ls", `ftp://${hostPort}/`]);
    expect(anonymous.code).toBe(EXIT.connection);
  });
});

describe("TLS", () => {
  it("explicit (--tls) and implicit (ftps://), verified with --ca or not with --insecure", async () => {
    const { makeCertificate } = await import("../src/make-certificate.js");
    const certificate = await makeCertificate();
    const caFile = path.join(fx.dir, "ca.pem");
    await writeFile(caFile, certificate.cert);
    const explicit = await fixture({ tls: certificate });
    const implicit = await fixture({ tls: certificate, implicitTls: true });
    try {
      await writeFile(path.join(fx.dir, "s.txt"), "secret");
      const put = await ftp(["put", "--tls", "--ca", caFile, "s.txt", `${explicit.base}/`], fx.dir);
      expect(put.code).toBe(0);
      const ls = await ftp(["ls", "--tls", "--insecure", `${explicit.base}/`], fx.dir);
      expect(ls).toMatchObject({ code: 0, stdout: "s.txt\n" });
      const unverified = await ftp(["ls", "--tls", `${explicit.base}/`], fx.dir);
      expect(unverified.code).toBe(EXIT.connection);
      expect(unverified.stderr).toMatch(/certificate/i);

      expect(implicit.base.startsWith("ftps://")).toBe(true);
      const mk = await ftp(["mkdir", "--ca", caFile, `${implicit.base}/secure`], fx.dir);
      expect(mk.code).toBe(0);
      const list = await ftp(["ls", "--ca", caFile, "--json", `${implicit.base}/`], fx.dir);
      expect(JSON.parse(list.stdout)).toMatchObject([{ name: "secure", type: "dir" }]);
    } finally {
      await explicit.close();
      await implicit.close();
    }
  });
});
