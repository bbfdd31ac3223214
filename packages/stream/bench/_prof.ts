import net from "node:net";
import { ThrottleStreamIO } from "../src/index.js";

const TOTAL = 1024 * 1024 * 1024;
const BLOCK = 1024 * 1024;
const block = Buffer.alloc(BLOCK, 0x61);
const server = net.createServer();
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const accepted = new Promise<net.Socket>((r) => server.once("connection", r));
const a = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
await new Promise((r) => a.once("connect", r));
const b = await accepted;
server.close();
const w = new ThrottleStreamIO(a, {});
const r = new ThrottleStreamIO(b, {});
const reading = (async () => {
  let n = 0;
  let reads = 0;
  while (n < TOTAL) {
    n += (await r.read(BLOCK)).length;
    reads++;
  }
  console.log("reads", reads);
})();
for (let s = 0; s < TOTAL; s += BLOCK) await w.write(block);
await reading;
a.destroy();
b.destroy();
