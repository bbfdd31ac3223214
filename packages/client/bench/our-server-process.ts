/**
 * Runs @ftp/server for the benchmark in its own process (so it does not share an event loop
 * with the clients being measured): serves argv[2] to anonymous users on 127.0.0.1, prints
 * "PORT <n>", and exits when its stdin closes.
 */
import { Server, User } from "@ftp/server";

const root = process.argv[2];
if (!root) throw new Error("usage: our-server-process.ts ROOT");
const server = new Server({ users: [new User({ basePath: root })] });
const { port } = await server.start({ host: "127.0.0.1", port: 0 });
process.stdout.write(`PORT ${port}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  server.close().then(() => process.exit(0));
});
