/**
 * The one server every benchmarked client talks to: vsftpd when it is installed and we are
 * root, else @ftp/server. Its files live on tmpfs (`/dev/shm` when there is one), so the
 * disk never sets the pace.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const VSFTPD = "/usr/sbin/vsftpd";

/** A running benchmark server and the files it serves. */
export interface BenchServer {
  /** "vsftpd" or "@ftp/server". */
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Served directory on the local disk (tmpfs). */
  root: string;
  /** Remote path of the large file. */
  bigFile: string;
  /** Local path of the same file (the upload source). */
  bigLocal: string;
  /** Remote paths of the small files. */
  smallFiles: string[];
  /** A remote directory uploads may write to. */
  uploadDir: string;
  close(): Promise<void>;
}

/** Options of {@link startBenchServer}. */
export interface BenchFiles {
  bigBytes: number;
  smallCount: number;
  smallBytes: number;
  /** Force a server: "vsftpd" or "ours". Default: vsftpd when possible. */
  prefer?: string | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vsftpd exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error("vsftpd did not start listening");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes `bytes` of incompressible data (a random 1 MiB block, repeated). */
async function writeBigFile(file: string, bytes: number): Promise<void> {
  const { randomFillSync } = await import("node:crypto");
  const block = randomFillSync(Buffer.alloc(1024 * 1024));
  const handle = await open(file, "w", 0o644);
  try {
    for (let written = 0; written < bytes; written += block.length)
      await handle.write(block, 0, Math.min(block.length, bytes - written));
  } finally {
    await handle.close();
  }
}

function vsftpdUsable(): boolean {
  return existsSync(VSFTPD) && userInfo().uid === 0;
}

/** Creates the files on tmpfs and starts the server. */
export async function startBenchServer(files: BenchFiles): Promise<BenchServer> {
  const shm = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const base = await mkdtemp(path.join(shm, "ftp-client-bench-"));
  const root = path.join(base, "root");
  const empty = path.join(base, "empty");
  await mkdir(path.join(root, "small"), { recursive: true });
  await mkdir(path.join(root, "upload"));
  await mkdir(empty);
  for (const dir of [base, root, empty, path.join(root, "small")]) await chmod(dir, 0o755);
  await chmod(path.join(root, "upload"), 0o777);
  const bigLocal = path.join(root, "big.bin");
  await writeBigFile(bigLocal, files.bigBytes);
  const smallFiles: string[] = [];
  const small = Buffer.alloc(files.smallBytes, 0x5a);
  for (let index = 0; index < files.smallCount; index++) {
    const name = `${String(index).padStart(4, "0")}.bin`;
    await writeFile(path.join(root, "small", name), small, { mode: 0o644 });
    smallFiles.push(`/small/${name}`);
  }
  const common = { root, bigFile: "/big.bin", bigLocal, smallFiles, uploadDir: "/upload" };
  const useVsftpd = files.prefer === "ours" ? false : vsftpdUsable();
  if (files.prefer === "vsftpd" && !useVsftpd)
    throw new Error("BENCH_SERVER=vsftpd, but vsftpd is not installed or we are not root");

  if (useVsftpd) {
    const port = await freePort();
    const config = [
      "listen=YES",
      "listen_address=127.0.0.1",
      `listen_port=${port}`,
      "background=NO",
      "seccomp_sandbox=NO",
      "isolate=NO",
      "isolate_network=NO",
      `secure_chroot_dir=${empty}`,
      "anonymous_enable=YES",
      "no_anon_password=YES",
      `anon_root=${root}`,
      "local_enable=NO",
      "write_enable=YES",
      "anon_upload_enable=YES",
      "anon_other_write_enable=YES",
      "anon_umask=022",
      "pasv_enable=YES",
      "port_enable=YES",
      "connect_from_port_20=NO",
      "xferlog_enable=NO",
    ];
    await writeFile(path.join(base, "vsftpd.conf"), `${config.join("\n")}\n`);
    const child = spawn(VSFTPD, [path.join(base, "vsftpd.conf")], { stdio: "ignore" });
    try {
      await waitListening(port, child);
    } catch (error) {
      child.kill("SIGKILL");
      await rm(base, { recursive: true, force: true });
      throw error;
    }
    return {
      name: "vsftpd",
      host: "127.0.0.1",
      port,
      user: "anonymous",
      password: "bench@",
      ...common,
      close: async () => {
        if (child.exitCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGTERM");
          await exited;
        }
        await rm(base, { recursive: true, force: true });
      },
    };
  }

  // @ftp/server in a child process of its own, like vsftpd
  const script = fileURLToPath(new URL("./our-server-process.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--conditions=@ftp/source", "--import", "tsx", script, root],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`@ftp/server exited (${code})`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    name: "@ftp/server",
    host: "127.0.0.1",
    port,
    user: "anonymous",
    password: "bench@",
    ...common,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.stdin?.end();
        await exited;
      }
      await rm(base, { recursive: true, force: true });
    },
  };
}
