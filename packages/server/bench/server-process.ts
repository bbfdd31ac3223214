/**
 * @ftp/server as its own process for the benchmarks (like vsftpd and pyftpdlib), serving a
 * directory to anonymous users from disk with the default backend (AsyncPathIO; the blocking
 * PathIO with `BENCH_BACKEND=sync`, for diagnosis).
 * Prints `port N` once listening. Commands on stdin: `mem` prints this process's memory
 * (after two full GCs) as JSON; end of stdin closes the server and exits, so a
 * `--cpu-prof` profile is written.
 * Run with `node --expose-gc --import tsx --conditions=@ftp/source bench/server-process.ts DIR`.
 */
import { createInterface } from "node:readline";
import { AsyncPathIO, PathIO } from "@ftp/pathio";
import { Server, User } from "../src/index.js";

const root = process.argv[2];
if (root === undefined) {
  process.stderr.write("usage: server-process.ts ROOT\n");
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
// BENCH_BACKEND=sync swaps in the blocking PathIO, to measure what the thread-pool hops cost.
const pathio = process.env.BENCH_BACKEND === "sync" ? () => new PathIO() : () => new AsyncPathIO();
const server = new Server({ users: [new User({ basePath: root })], pathIoFactory: pathio });
const address = await server.start({ host: "127.0.0.1", port: 0 });
process.stdout.write(`port ${address.port}\n`);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "mem") return;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      rss: usage.rss,
      heap: usage.heapUsed + usage.external,
      sessions: server.connectionCount,
    })}\n`,
  );
});
lines.on("close", () => {
  void server.close({ timeout: 1000 }).then(() => process.exit(0));
});
