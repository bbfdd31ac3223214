import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TransferEndEvent, TransferStartEvent } from "@ftp/server";
import { runCli } from "../src/cli/main.js";
import {
  type EmbeddedServer,
  type EmbeddedServerOptions,
  startEmbeddedServer,
} from "../src/embedded-server.js";
import { Capture } from "./capture.js";

/** What one `ftp` run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A server for CLI tests, recording transfers and logins. */
export interface Fixture {
  server: EmbeddedServer;
  /** `ftp://user:password@host:port` without a trailing slash. */
  base: string;
  starts: TransferStartEvent[];
  ends: TransferEndEvent[];
  logins: number;
  /** A fresh local directory, removed by `close`. */
  dir: string;
  /** Runs `ftp` in-process with `dir` as the working directory. */
  ftp(argv: string[], env?: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<CliRun>;
  close(): Promise<void>;
}

/** Runs `ftp` in-process. */
export async function ftp(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const context = { stdout, stderr, env: { HOME: cwd, ...env }, cwd };
  const code = await runCli(argv, signal ? { ...context, signal } : context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Starts a server (in memory unless `root`) and a scratch directory. */
export async function fixture(options: EmbeddedServerOptions = {}): Promise<Fixture> {
  const server = await startEmbeddedServer({
    user: "alice",
    password: "s3cret",
    ...options,
    serverOptions: { loginFailureDelay: 0, ...options.serverOptions },
  });
  const dir = await mkdtemp(path.join(tmpdir(), "ftp-cli-"));
  const result: Fixture = {
    server,
    base: server.url.replace(/\/$/, ""),
    starts: [],
    ends: [],
    logins: 0,
    dir,
    ftp: (argv, env, signal) => ftp(argv, dir, env, signal),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  server.server.on("transferStart", (event) => result.starts.push(event));
  server.server.on("transferEnd", (event) => result.ends.push(event));
  server.server.on("login", () => {
    result.logins++;
  });
  return result;
}

/** Deterministic bytes: `size` bytes of a pattern seeded by `seed`. */
export function pattern(size: number, seed = 1): Buffer {
  const data = Buffer.alloc(size);
  let state = seed;
  for (let index = 0; index < size; index++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[index] = state >>> 16;
  }
  return data;
}
