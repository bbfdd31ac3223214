/**
 * Benchmark load generator, run as its own process so it never shares an event loop with the
 * server under test. Modes:
 * - `sessions HOST PORT WORKERS SECONDS LISTDIR FILE`: WORKERS concurrent loops of connect,
 *   anonymous login, LIST, RETR, QUIT; prints `{ sessions, errors, seconds, latencies }` JSON.
 * - `idle HOST PORT COUNT`: opens COUNT logged-in sessions, prints `ready <opened> <failed>`,
 *   holds them until stdin closes, then exits.
 */
import { LineClient } from "./ftp-line-client.js";

const [mode, host = "127.0.0.1", portText = "21", ...rest] = process.argv.slice(2);
const port = Number(portText);

/** A session that takes longer than this counts as an error (and its sockets are destroyed). */
const SESSION_TIMEOUT = 10_000;

async function oneSession(listDir: string, file: string): Promise<void> {
  let phase = "connect";
  const client = LineClient.open(host, port);
  const timer = setTimeout(() => {
    client.destroy(new Error(`session timed out in ${phase}`));
  }, SESSION_TIMEOUT);
  try {
    const greeting = await client.read();
    if (greeting.code !== 220) throw new Error(`greeting ${greeting.text}`);
    phase = "login";
    await client.login();
    phase = "TYPE";
    await client.command("TYPE I");
    phase = "LIST";
    await client.download(host, `LIST ${listDir}`);
    phase = "RETR";
    const bytes = await client.download(host, `RETR ${file}`);
    if (bytes !== 65536) throw new Error(`RETR got ${bytes} bytes`);
    phase = "QUIT";
    await client.command("QUIT");
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

async function sessions(): Promise<void> {
  const [workersText = "200", secondsText = "10", listDir = "/", file = "s64.bin"] = rest;
  const workers = Number(workersText);
  const deadline = performance.now() + Number(secondsText) * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await oneSession(listDir, file);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    `${JSON.stringify({ sessions: latencies.length, errors, firstError, seconds, latencies })}\n`,
  );
}

async function idle(): Promise<void> {
  const count = Number(rest[0] ?? "10000");
  const clients: LineClient[] = [];
  let failed = 0;
  let next = 0;
  // Few logins in flight: vsftpd accepts (forks) slowly behind a backlog of 32, and a burst
  // beyond that loses connections; this figure is about memory, not connect storms.
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next += 1;
        const client = LineClient.open(host, port);
        const timer = setTimeout(() => client.destroy(new Error("login timed out")), 10_000);
        try {
          await client.read();
          await client.login();
          clients.push(client);
        } catch {
          failed += 1;
          client.destroy();
        } finally {
          clearTimeout(timer);
        }
      }
    }),
  );
  process.stdout.write(`ready ${clients.length} ${failed}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    for (const client of clients) client.destroy();
    process.exit(0);
  });
}

if (mode === "sessions") await sessions();
else if (mode === "idle") await idle();
else {
  process.stderr.write("usage: session-driver sessions|idle HOST PORT ...\n");
  process.exit(2);
}
