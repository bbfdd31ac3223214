#!/usr/bin/env node
/**
 * `ftp`: a command line for FTP and FTPS built on `@ftp/client` and `@ftp/server`.
 * `ftp ls|get|put|mirror|rm|mkdir|serve`, `ftp COMMAND --help` for each.
 * @packageDocumentation
 */
import { isMain, signalOnInterrupt } from "../is-main.js";
import { get } from "./commands/get.js";
import { ls } from "./commands/ls.js";
import { mirror } from "./commands/mirror.js";
import { mkdir } from "./commands/mkdir.js";
import { put } from "./commands/put.js";
import { rm } from "./commands/rm.js";
import { type OnServing, serve } from "./commands/serve.js";
import type { CliContext } from "./context.js";
import { describeError, EXIT, exitCodeFor, UsageError } from "./exit-codes.js";

export type { CliContext } from "./context.js";
export { EXIT } from "./exit-codes.js";

/** The top-level help. */
export const MAIN_HELP = `Usage: ftp COMMAND [options] ...

Commands:
  ls URL                 list a remote directory (-l, -R, --json)
  get URL [LOCAL]        download a file, or a tree with -r
  put LOCAL... URL       upload files, or trees with -r
  mirror SRC DST         make DST like SRC (one of them a URL, the other a local directory)
  rm URL...              remove remote files (directories with -r)
  mkdir URL...           create remote directories (-p for parents)
  serve [DIR]            serve DIR (or memory) with @ftp/server until Ctrl-C

URLs: ftp://user:password@host:port/path (ftps:// for implicit TLS, --tls for explicit).
Credentials also come from FTP_USER / FTP_PASSWORD or a netrc file; without any, anonymous.

Exit status: 0 ok, 1 the server refused (missing file, no permission, ...), 2 bad usage,
3 connection, TLS or login failure, 4 local file error, 130 interrupted.

Run 'ftp COMMAND --help' for the options of a command.`;

type Command = (argv: readonly string[], context: CliContext) => Promise<number>;

const COMMANDS: Record<string, Command> = { ls, get, put, mirror, rm, mkdir, serve };

/** Hooks for tests. */
export interface CliHooks {
  /** Called when `ftp serve` listens. */
  onServing?: OnServing;
}

/**
 * Runs the `ftp` command line with `argv` (without the node and script names) and resolves
 * with its exit status. Never calls `process.exit`.
 */
export async function runCli(
  argv: readonly string[],
  context: CliContext,
  hooks: CliHooks = {},
): Promise<number> {
  // `pnpm ftp -- ls ...` passes the "--" along
  const [name, ...rest] = argv[0] === "--" ? argv.slice(1) : argv;
  if (name === undefined) {
    context.stderr.write(`${MAIN_HELP}\n`);
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = rest[0];
    if (topic !== undefined && COMMANDS[topic]) return runCli([topic, "--help"], context, hooks);
    context.stdout.write(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    context.stderr.write(`ftp: unknown command "${name}"\n\n${MAIN_HELP}\n`);
    return EXIT.usage;
  }
  try {
    return name === "serve"
      ? await serve(rest, context, hooks.onServing)
      : await command(rest, context);
  } catch (error) {
    if (context.signal?.aborted) {
      context.stderr.write(`ftp ${name}: interrupted\n`);
      return EXIT.interrupted;
    }
    if (error instanceof UsageError) {
      context.stderr.write(`ftp ${name}: ${error.message}\nRun 'ftp ${name} --help' for usage.\n`);
      return EXIT.usage;
    }
    context.stderr.write(`ftp ${name}: ${describeError(error)}\n`);
    return exitCodeFor(error, "command");
  }
}

if (isMain(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: signalOnInterrupt(),
  });
}
