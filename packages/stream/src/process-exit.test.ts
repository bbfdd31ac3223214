import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

// Run in a child process that never calls process.exit(): it only ends if timeouts and
// aborts left no socket, timer or listener keeping the event loop alive.
const sourceUrl = pathToFileURL(join(packageDir, "src", "index.ts")).href;
const script = `
import net from "node:net";
import { StreamIO, ThrottleStreamIO, StreamThrottle, connectSocket } from "${sourceUrl}";

const peers = [];
const server = net.createServer((socket) => { socket.pause(); peers.push(socket); });
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
const open = () => connectSocket({ host: "127.0.0.1", port, timeout: 5000 });
const outcome = (promise) => promise.then(() => "ok", (error) => error.code + ":" + (error.phase ?? ""));

const reader = new StreamIO(await open(), { readTimeout: 50 });
console.log(await outcome(reader.readLine()));

const writer = new StreamIO(await open(), { writeTimeout: 60_000 });
const controller = new AbortController();
setTimeout(() => controller.abort(), 50);
const block = Buffer.alloc(1 << 20);
console.log(await outcome((async () => { for (;;) await writer.write(block, { signal: controller.signal }); })()));

const tlsIo = new StreamIO(await open(), { timeout: 60_000 });
console.log(await outcome(tlsIo.startTls({ servername: "localhost" }, { handshakeTimeout: 50 })));

const paced = new ThrottleStreamIO(await open(), { g: StreamThrottle.fromLimits(undefined, 1000) });
await paced.write(Buffer.alloc(2000));
console.log(await outcome(paced.write("x", { signal: AbortSignal.timeout(50) })));

const idle = new StreamIO(await open(), { timeout: 60_000 });
await idle.write("still open with an idle 60 s deadline\\r\\n");

for (const peer of peers) peer.destroy();
idle.destroy();
server.close();
`;

it("a process whose streams timed out or were aborted exits on its own", async () => {
  const file = join(tmpdir(), `ftp-stream-exit-check-${process.pid}.mts`);
  await writeFile(file, script);
  try {
    const started = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=@ftp/source", file],
      { cwd: packageDir, timeout: 20_000 },
    );
    expect(stdout.trim().split("\n")).toEqual([
      "ERR_FTP_TIMEOUT:read",
      "ERR_FTP_ABORTED:",
      "ERR_FTP_TIMEOUT:tls",
      "ERR_FTP_ABORTED:",
    ]);
    // Far below the 60 s timers that were armed: nothing waited for them.
    expect(performance.now() - started).toBeLessThan(15_000);
  } finally {
    await rm(file, { force: true });
  }
}, 30_000);
