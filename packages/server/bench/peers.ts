/**
 * The servers compared by the benchmarks: @ftp/server in this process, and vsftpd and
 * pyftpdlib started on loopback ports with temporary configurations when installed.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** A running FTP server under test. */
export interface Peer {
  name: string;
  host: string;
  port: number;
  /** Whether it supports MLSD. */
  mlsd: boolean;
  /** Resident memory of the server (all its processes), bytes. */
  memory(): Promise<{ rss: number; heap?: number }>;
  /**
   * CPU time (user + system, ms) the server has used so far, with the processes it forked and
   * reaped (vsftpd's per-session processes); undefined where /proc cannot tell.
   */
  cpuMs(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** A peer that could not start, with the reason printed in the table. */
export interface SkippedPeer {
  name: string;
  reason: string;
}

/** The Python with pyftpdlib (the system one; pyenv's has no pyftpdlib). */
export const PYTHON = "/usr/bin/python3";

/** A free loopback TCP port (racy by nature, fine for a benchmark). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("did not start listening");
}

/** RSS of a process, in bytes (from /proc). */
/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every Linux ABI). */
const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of `pid` from /proc, in ms; undefined elsewhere. */
async function cpuOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  if (stat === "") return undefined;
  // fields after the parenthesised command name: state is field 3, utime field 14
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** Proportional set size (Pss) of a process and all its descendants, in bytes. */
async function pssTree(root: number): Promise<number> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
    const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (match !== null) total += Number(match[1]) * 1024;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * @ftp/server in its own process (bench/server-process.ts), serving `root` to anonymous users
 * from disk with the default AsyncPathIO. `BENCH_PROFILE=DIR` writes a `--cpu-prof` profile
 * of it into DIR.
 */
export async function startOurs(
  root: string,
  backend: "async" | "sync" = "async",
): Promise<Peer | SkippedPeer> {
  const name = backend === "sync" ? "@ftp/server (PathIO)" : "@ftp/server";
  const profile = process.env.BENCH_PROFILE;
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      ...(profile !== undefined ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []),
      "--import",
      "tsx",
      "--conditions=@ftp/source",
      path.join(here, "server-process.ts"),
      root,
    ],
    { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, BENCH_BACKEND: backend } },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: Array<(line: string) => void> = [];
  const queued: string[] = [];
  lines.on("line", (line) => {
    const waiter = waiting.shift();
    if (waiter !== undefined) waiter(line);
    else queued.push(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = queued.shift();
      if (line !== undefined) resolve(line);
      else {
        waiting.push(resolve);
        child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
      }
    });
  let port: number;
  try {
    const first = await nextLine();
    const match = /^port (\d+)$/.exec(first);
    if (match === null) throw new Error(`unexpected output: ${first}`);
    port = Number(match[1]);
  } catch (error) {
    child.kill("SIGKILL");
    return { name, reason: (error as Error).message };
  }
  return {
    name,
    host: "127.0.0.1",
    port,
    mlsd: true,
    cpuMs: () => cpuOf(child.pid as number),
    memory: async () => {
      child.stdin?.write("mem\n");
      const parsed = JSON.parse(await nextLine()) as { rss: number; heap: number };
      return { rss: parsed.rss, heap: parsed.heap };
    },
    stop: async () => {
      const exited = once(child, "exit");
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true });
}

/** vsftpd in the foreground, anonymous read/write on `root` (uploads into `root/up`). */
export async function startVsftpd(root: string): Promise<Peer | SkippedPeer> {
  const binary = ["/usr/sbin/vsftpd", "/usr/local/sbin/vsftpd"].find((candidate) => {
    try {
      execFileSync("test", ["-x", candidate]);
      return true;
    } catch {
      return false;
    }
  });
  if (binary === undefined) return { name: "vsftpd", reason: "not installed" };
  if (process.getuid?.() !== 0) return { name: "vsftpd", reason: "needs root" };
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "bench-vsftpd-"));
  const config = path.join(dir, "vsftpd.conf");
  await writeFile(
    config,
    [
      "listen=YES",
      "listen_ipv6=NO",
      "listen_address=127.0.0.1",
      `listen_port=${port}`,
      "background=NO",
      "anonymous_enable=YES",
      "local_enable=NO",
      `anon_root=${root}`,
      "no_anon_password=NO",
      "write_enable=YES",
      "anon_upload_enable=YES",
      "anon_mkdir_write_enable=YES",
      "anon_other_write_enable=YES",
      "anon_umask=022",
      "pasv_enable=YES",
      "pasv_min_port=20000",
      "pasv_max_port=29999",
      "seccomp_sandbox=NO",
      "max_clients=0",
      "max_per_ip=0",
      "xferlog_enable=NO",
      "dirmessage_enable=NO",
      "use_localtime=NO",
      "secure_chroot_dir=/var/run/vsftpd/empty",
      "",
    ].join("\n"),
  );
  const child = spawn(binary, [config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPort(port, child);
  } catch (error) {
    await stopChild(child, dir);
    return { name: "vsftpd", reason: `${(error as Error).message} ${stderr.trim()}`.trim() };
  }
  const pid = child.pid as number;
  return {
    name: "vsftpd",
    host: "127.0.0.1",
    port,
    mlsd: false,
    memory: async () => ({ rss: await pssTree(pid) }),
    cpuMs: () => cpuOf(pid),
    stop: () => stopChild(child, dir),
  };
}

const PYFTPDLIB_SCRIPT = `
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
import logging
logging.basicConfig(level=logging.ERROR)
root, port = sys.argv[1], int(sys.argv[2])
authorizer = DummyAuthorizer()
authorizer.add_anonymous(root, perm="elradfmwMT")
handler = FTPHandler
handler.authorizer = authorizer
server = FTPServer(("127.0.0.1", port), handler)
server.max_cons = 0
server.max_cons_per_ip = 0
server.serve_forever()
`;

/** pyftpdlib (the system Python's), anonymous read/write on `root`. */
export async function startPyftpdlib(root: string): Promise<Peer | SkippedPeer> {
  try {
    execFileSync(PYTHON, ["-c", "import pyftpdlib"], { stdio: "ignore" });
  } catch {
    return { name: "pyftpdlib", reason: `not importable by ${PYTHON}` };
  }
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "bench-pyftpdlib-"));
  const child = spawn(PYTHON, ["-c", PYFTPDLIB_SCRIPT, root, String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  try {
    await waitForPort(port, child);
  } catch (error) {
    await stopChild(child, dir);
    return { name: "pyftpdlib", reason: `${(error as Error).message} ${stderr.trim()}`.trim() };
  }
  const pid = child.pid as number;
  return {
    name: "pyftpdlib",
    host: "127.0.0.1",
    port,
    mlsd: true,
    memory: async () => ({ rss: await rssOf(pid) }),
    cpuMs: () => cpuOf(pid),
    stop: () => stopChild(child, dir),
  };
}
