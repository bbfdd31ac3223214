#!/usr/bin/env node
/**
 * The one-command demo: starts an `@ftp/server` on a free loopback port (in memory, with a
 * generated user and password, and a TLS certificate made on the spot), drives an
 * `@ftp/client` through a tour of what it can do, and exits 0, or 1 naming the step that
 * failed. `--serve` keeps the server running afterwards and prints how to connect.
 *
 * Run it with `pnpm demo` at the repository root, or `pnpm --filter @ftp/demo demo -- --help`.
 * @packageDocumentation
 */
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type EmbeddedServer, startEmbeddedServer, urlHost } from "./embedded-server.js";
import { formatBytes, formatDuration } from "./format.js";
import { isMain, signalOnInterrupt } from "./is-main.js";
import { type Certificate, makeCertificate } from "./make-certificate.js";
import { type OutputStream, ProgressDisplay } from "./progress-display.js";
import { runTour, TourStepError } from "./tour.js";

/** Streams and signal the demo runs with (the process's own by default). */
export interface DemoIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Stops `--serve` (default: SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Called once the server listens (tests use it to find the port in `--serve` mode). */
  onListening?: (server: EmbeddedServer) => void;
}

const HELP = `Usage: pnpm demo [-- options]

Starts an @ftp/server on a free loopback port and drives @ftp/client through a tour:
login, mkdir, upload with progress, MLSD listing, a download interrupted and resumed,
SHA-256 checks, rename, remove, then the same over explicit FTPS.

Options:
  --serve            keep the server running after the tour and print how to connect
  --skip-tour        with --serve: start serving at once
  --root DIR         serve DIR instead of an in-memory tree (the tour works in a
                     temporary sub-directory it removes afterwards)
  --host HOST        address to listen on (default 127.0.0.1)
  --port PORT        port to listen on (default: a free one)
  --user NAME        login name (default demo)
  --password SECRET  password (default: generated)
  --size MIB         size of the tour's upload in MiB (default 4)
  --no-tls           skip FTPS (no certificate, no openssl needed)
  -h, --help         show this help

Exit status: 0 when every step passed, 1 when one failed, 2 for bad options.`;

interface DemoOptions {
  serve: boolean;
  skipTour: boolean;
  root: string | undefined;
  host: string;
  port: number;
  user: string | undefined;
  password: string | undefined;
  size: number;
  tls: boolean;
  help: boolean;
}

function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      serve: { type: "boolean", default: false },
      "skip-tour": { type: "boolean", default: false },
      root: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      user: { type: "string" },
      password: { type: "string" },
      size: { type: "string", default: "4" },
      "no-tls": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`--port must be 0-65535, got ${values.port}`);
  const size = Number(values.size);
  if (!Number.isFinite(size) || size <= 0 || size > 1024)
    throw new RangeError(`--size must be a number of MiB between 0 and 1024, got ${values.size}`);
  if (values["skip-tour"] && !values.serve) throw new RangeError("--skip-tour needs --serve");
  return {
    serve: values.serve,
    skipTour: values["skip-tour"],
    root: values.root,
    host: values.host,
    port,
    user: values.user,
    password: values.password,
    size: Math.round(size * 1024 * 1024),
    tls: !values["no-tls"],
    help: values.help,
  };
}

async function printConnectInfo(
  out: OutputStream,
  server: EmbeddedServer,
  certificate: Certificate | undefined,
): Promise<void> {
  const host = urlHost(server.host);
  const plainUrl = `ftp://${host}:${server.port}/`;
  const lines = [
    "",
    `Serving ${server.root === "memory" ? "an in-memory tree" : server.root} until Ctrl-C.`,
    "",
    `  URL       ${server.url}`,
    `  host      ${server.host}`,
    `  port      ${server.port}`,
    `  user      ${server.user}`,
    `  password  ${server.password}`,
    "",
    "Try:",
    `  curl -u '${server.user}:${server.password}' ${plainUrl}`,
    `  curl -u '${server.user}:${server.password}' -T README.md ${plainUrl}`,
    // lftp switches to TLS whenever the server offers it: say "no" for the plain example
    `  lftp ${certificate ? "-e 'set ftp:ssl-allow no' " : ""}-u '${server.user},${server.password}' -p ${server.port} ${server.host}`,
    `  pnpm ftp ls --json '${server.url}'`,
  ];
  if (certificate) {
    const certFile = path.join(tmpdir(), `ftp-demo-${server.port}-cert.pem`);
    await writeFile(certFile, certificate.cert);
    lines.push(
      "",
      `Explicit FTPS (AUTH TLS) is on; the certificate is in ${certFile}:`,
      `  curl --ssl-reqd --cacert ${certFile} -u '${server.user}:${server.password}' ${plainUrl}`,
      `  lftp -e 'set ssl:ca-file ${certFile}; set ftp:ssl-force true' -u '${server.user},${server.password}' -p ${server.port} ${server.host}`,
      `  pnpm ftp ls --tls --ca ${certFile} '${server.url}'`,
      "In FileZilla: host " +
        `${server.host}, port ${server.port}, "Require explicit FTP over TLS", accept the certificate.`,
    );
  }
  out.write(`${lines.join("\n")}\n`);
}

/**
 * Runs the demo with `argv` (without the node and script names). Resolves with the exit
 * status: 0 when every step passed, 1 when one failed, 2 for bad options.
 */
export async function runDemo(argv: readonly string[], io: DemoIo): Promise<number> {
  let options: DemoOptions;
  try {
    // `pnpm demo -- --serve` passes the "--" along
    options = parseDemoArgs(argv[0] === "--" ? argv.slice(1) : argv);
  } catch (error) {
    io.stderr.write(`demo: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const out = io.stdout;
  const progress = new ProgressDisplay(out, { milestones: true });
  let server: EmbeddedServer | undefined;
  try {
    let certificate: Certificate | undefined;
    if (options.tls) {
      const start = performance.now();
      certificate = await makeCertificate();
      progress.log(
        `Generated a TLS certificate for localhost with openssl (${formatDuration(performance.now() - start)}).`,
      );
    }
    server = await startEmbeddedServer({
      ...(options.root !== undefined ? { root: options.root } : {}),
      host: options.host,
      port: options.port,
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(certificate ? { tls: certificate } : {}),
    });
    progress.log(
      `@ftp/server listening on ${urlHost(server.host)}:${server.port} ` +
        `(${server.root === "memory" ? "in memory" : server.root}), user ${server.user}, ` +
        `password ${server.password}${certificate ? ", explicit FTPS on" : ""}.`,
    );
    io.onListening?.(server);
    if (!options.skipTour) {
      const result = await runTour({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        ...(certificate ? { ca: certificate.cert } : {}),
        size: options.size,
        out,
        progress,
      });
      progress.log(
        `\nAll ${result.steps} steps passed in ${formatDuration(result.elapsed)} ` +
          `(${formatBytes(options.size)} upload${certificate ? ", FTPS included" : ", FTPS skipped: --no-tls"}).`,
      );
    }
    progress.stop();
    if (options.serve) {
      await printConnectInfo(out, server, certificate);
      const signal = io.signal ?? signalOnInterrupt();
      if (!signal.aborted) await once(signal, "abort");
      out.write("Stopping the server.\n");
    }
    return 0;
  } catch (error) {
    progress.stop();
    const message =
      error instanceof TourStepError
        ? `demo failed: ${error.message}`
        : `demo failed: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`\n${message}\n`);
    return 1;
  } finally {
    await server?.close();
  }
}

if (isMain(import.meta.url)) {
  process.exitCode = await runDemo(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
