import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hasPythonModule } from "@ftp/test-utils";

/** The system interpreter that has the Debian pyftpdlib (not a pyenv python). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** Why pyftpdlib tests cannot run here, or `undefined` when they can. */
export function pyftpdlibMissing(): string | undefined {
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} not found`;
  if (!hasPythonModule("pyftpdlib", SYSTEM_PYTHON))
    return "pyftpdlib is not installed (apt-get install python3-pyftpdlib)";
  return undefined;
}

/** Why pyftpdlib TLS tests cannot run here, or `undefined` when they can. */
export function pyftpdlibTlsMissing(): string | undefined {
  const missing = pyftpdlibMissing();
  if (missing) return missing;
  if (!hasPythonModule("OpenSSL", SYSTEM_PYTHON))
    return "pyOpenSSL is not installed (python3-openssl)";
  return undefined;
}

/** A running pyftpdlib server. */
export interface PyFtpd {
  port: number;
  close(): Promise<void>;
}

/** Options of {@link startPyftpd}. */
export interface PyFtpdOptions {
  root: string;
  host?: string;
  user?: string;
  password?: string;
  /** PEM files for FTPS (explicit, AUTH TLS). */
  tls?: { certFile: string; keyFile: string; required?: boolean };
  /** Commands the server should not know (answered with 500). */
  disable?: string[];
}

const SCRIPT = fileURLToPath(new URL("../fixtures/pyftpd.py", import.meta.url));

/** Starts pyftpdlib on an ephemeral port and waits until it listens. */
export async function startPyftpd(options: PyFtpdOptions): Promise<PyFtpd> {
  const args = [SCRIPT, options.root, options.host ?? "127.0.0.1"];
  if (options.user) args.push(`user=${options.user}`, `password=${options.password ?? ""}`);
  if (options.tls) {
    args.push(`tls=${options.tls.certFile}`, `key=${options.tls.keyFile}`);
    if (options.tls.required) args.push("required=1");
  }
  if (options.disable?.length) args.push(`disable=${options.disable.join(",")}`);
  const child: ChildProcess = spawn(SYSTEM_PYTHON, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const onExit = (code: number | null) =>
      reject(new Error(`pyftpdlib exited (${code}) before listening: ${stderr}`));
    child.once("exit", onExit);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /PORT (\d+)/.exec(stdout);
      if (match) {
        child.off("exit", onExit);
        resolve(Number(match[1]));
      }
    });
  });
  return {
    port,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin?.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}
