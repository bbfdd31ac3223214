/**
 * The `ftp-server` command: parses the command line, starts a {@link Server} and serves until
 * the given signal aborts (SIGINT/SIGTERM in the bin), then closes cleanly.
 */
import { lookup } from "node:dns/promises";
import { readFile, stat } from "node:fs/promises";
import net from "node:net";
import { MemoryPathIO } from "@ftp/pathio";
import { type CliConfig, CliUsageError, parseCliArgs } from "./cli/config.js";
import { type CliOutput, logSessionEvents } from "./cli/log.js";
import { USAGE } from "./cli/usage.js";
import type { ServerOptions } from "./options.js";
import { Server, type ServerAddress } from "./server.js";
import { User } from "./user.js";

export { type CliConfig, CliUsageError, parseCliArgs } from "./cli/config.js";
export type { CliOutput } from "./cli/log.js";
export { USAGE } from "./cli/usage.js";

/** Streams and the stop signal of {@link runCli}. */
export interface CliIO {
  /** Receives the listening line, the session log, `--help` and `--version`. */
  stdout: CliOutput;
  /** Receives usage errors and start failures. */
  stderr: CliOutput;
  /** Aborting it closes the server (running transfers get up to 5 s), then `runCli` resolves 0. */
  signal?: AbortSignal;
  /** Working directory that relative `--root` and TLS file paths start from. Default: `process.cwd()`. */
  cwd?: string;
}

/** Exit statuses of {@link runCli}. */
export const CLI_EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Transfers still running at shutdown get this long to finish. */
const CLOSE_TIMEOUT = 5000;

async function version(): Promise<string> {
  const text = await readFile(new URL("../package.json", import.meta.url), "utf8");
  const parsed: unknown = JSON.parse(text);
  const value =
    typeof parsed === "object" && parsed !== null && "version" in parsed
      ? parsed.version
      : undefined;
  return typeof value === "string" ? value : "unknown";
}

/** Turns `--host`/`--family` into the address to bind (`undefined` = every interface). */
async function bindHost(config: CliConfig): Promise<string | undefined> {
  const { host, family } = config;
  if (host === undefined) {
    if (family === "ipv4") return "0.0.0.0";
    if (family === "ipv6") return "::";
    return undefined;
  }
  if (net.isIP(host) !== 0 || family === "auto") return host;
  const found = await lookup(host, { family: family === "ipv4" ? 4 : 6 });
  return found.address;
}

async function serverOptions(config: CliConfig): Promise<ServerOptions> {
  if (config.root !== undefined) {
    const info = await stat(config.root).catch(() => undefined);
    if (info === undefined || !info.isDirectory())
      throw new Error(`--root ${config.root} is not a directory`);
  }
  const basePath = config.root !== undefined ? { basePath: config.root } : {};
  const user =
    config.credentials !== undefined
      ? new User({
          login: config.credentials.login,
          password: config.credentials.password,
          ...basePath,
        })
      : new User(basePath);
  const options: ServerOptions = { users: [user] };
  if (config.memory) options.pathIoFactory = MemoryPathIO.factory();
  if (config.pasvPorts !== undefined) options.dataPorts = config.pasvPorts;
  if (config.pasvAddress !== undefined) options.ipv4PasvForcedResponseAddress = config.pasvAddress;
  if (config.maxConnections !== undefined) options.maximumConnections = config.maxConnections;
  if (config.tls !== undefined) {
    const [cert, key] = await Promise.all([
      readFile(config.tls.certFile).catch(() => {
        throw new Error(`cannot read --tls-cert ${config.tls?.certFile}`);
      }),
      readFile(config.tls.keyFile).catch(() => {
        throw new Error(`cannot read --tls-key ${config.tls?.keyFile}`);
      }),
    ]);
    options.tls = { cert, key, implicit: config.tls.implicit };
  }
  return options;
}

/** `ftp://127.0.0.1:2121`, `ftps://[::1]:990`. */
export function formatServerUrl(address: ServerAddress, implicitTls = false): string {
  const host = address.family === "IPv6" ? `[${address.host}]` : address.host;
  return `${implicitTls ? "ftps" : "ftp"}://${host}:${address.port}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}

/**
 * Runs `ftp-server` with `argv` (the arguments after the script name). Resolves with the
 * exit status: 0 after `--help`, `--version` or a clean shutdown once `io.signal` aborts;
 * 1 when the server cannot start (port taken, missing root, unreadable certificate);
 * 2 with the usage on stderr for a bad command line.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCliArgs(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(`ftp-server: ${error.message}\n\n${USAGE}`);
    return CLI_EXIT.usage;
  }
  if (config.action === "help") {
    io.stdout.write(USAGE);
    return CLI_EXIT.ok;
  }
  if (config.action === "version") {
    io.stdout.write(`ftp-server ${await version()}\n`);
    return CLI_EXIT.ok;
  }

  let server: Server;
  let host: string | undefined;
  try {
    server = new Server(await serverOptions(config));
    host = await bindHost(config);
  } catch (error) {
    io.stderr.write(`ftp-server: ${describeError(error)}\n`);
    return CLI_EXIT.failure;
  }
  if (io.signal?.aborted) return CLI_EXIT.ok;
  if (!config.quiet) logSessionEvents(server, io.stdout);
  let address: ServerAddress;
  try {
    address = await server.start({ port: config.port, ...(host !== undefined ? { host } : {}) });
  } catch (error) {
    const where = `${host ?? "*"}:${config.port}`;
    io.stderr.write(`ftp-server: cannot listen on ${where}: ${describeError(error)}\n`);
    await server.close({ timeout: 0 });
    return CLI_EXIT.failure;
  }
  const root = config.root ?? "memory";
  const user = config.credentials !== undefined ? `user: ${config.credentials.login}` : "anonymous";
  const tls = config.tls === undefined ? "" : config.tls.implicit ? ", implicit TLS" : ", AUTH TLS";
  io.stdout.write(
    `ftp-server listening on ${formatServerUrl(address, config.tls?.implicit)} (root: ${root}, ${user}${tls})\n`,
  );
  if (io.signal?.aborted) await server.close({ timeout: CLOSE_TIMEOUT });
  else
    await server.run({
      closeTimeout: CLOSE_TIMEOUT,
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
    });
  if (!config.quiet) io.stdout.write("ftp-server closed\n");
  return CLI_EXIT.ok;
}
