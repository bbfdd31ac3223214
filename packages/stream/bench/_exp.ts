import net from "node:net";
import { StreamIO } from "../src/index.js";

const TOTAL = 512 * 1024 * 1024;
const BLOCK = 1024 * 1024;
const block = Buffer.alloc(BLOCK, 0x61);
async function pair() {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const accepted = new Promise<net.Socket>((r) => server.once("connection", r));
  const a = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  await new Promise((r) => a.once("connect", r));
  const b = await accepted;
  server.close();
  return { a, b };
}
async function run(name: string, ioWriter: boolean, ioReader: boolean) {
  const { a, b } = await pair();
  const start = performance.now();
  const reading = ioReader
    ? (async () => {
        const r = new StreamIO(b);
        let n = 0;
        while (n < TOTAL) n += (await r.read(BLOCK)).length;
      })()
    : new Promise<void>((res) => {
        let n = 0;
        b.on("data", (c: Buffer) => {
          n += c.length;
          if (n >= TOTAL) res();
        });
      });
  const w = new StreamIO(a);
  for (let s = 0; s < TOTAL; s += BLOCK) {
    if (ioWriter) await w.write(block);
    else if (!a.write(block)) await new Promise((r) => a.once("drain", r));
  }
  await reading;
  const mbs = TOTAL / ((performance.now() - start) / 1000) / 1e6;
  console.log(name, mbs.toFixed(0));
  a.destroy();
  b.destroy();
}
for (let i = 0; i < 2; i++) {
  await run("bare/bare", false, false);
  await run("io-w/bare-r", true, false);
  await run("bare-w/io-r", false, true);
  await run("io/io", true, true);
}
