#!/usr/bin/env node
/**
 * The `ftp-server` executable: {@link runCli} on the process's arguments and streams.
 * The first SIGINT/SIGTERM closes the server cleanly (exit 0); a second one exits at once.
 */
import { runCli } from "./cli.js";

const controller = new AbortController();
let signals = 0;
const stop = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals > 1) process.exit(signal === "SIGINT" ? 130 : 143);
  controller.abort();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  },
  (error: unknown) => {
    process.stderr.write(
      `ftp-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
