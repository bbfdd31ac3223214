import { MemoryPathIO } from "@ftp/pathio";
import { Server, type ServerOptions } from "@ftp/server";
import { hasIPv6Loopback } from "@ftp/test-utils";
import { Client, type ClientOptions } from "../../src/index.js";

/** Loopback hosts the tests run over: 127.0.0.1, plus ::1 where the machine has it. */
export const HOSTS: string[] = (await hasIPv6Loopback()) ? ["127.0.0.1", "::1"] : ["127.0.0.1"];

/** A started @ftp/server plus a way to get logged-in clients for it. */
export interface Pair {
  server: Server;
  host: string;
  port: number;
  /** A new client, connected and logged in (anonymous unless given). */
  client(options?: ClientOptions, user?: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

/** Starts @ftp/server (in-memory files unless `pathIoFactory` is given) on `host` port 0. */
export async function startPair(host: string, options: ServerOptions = {}): Promise<Pair> {
  const server = new Server({
    pathIoFactory: MemoryPathIO.factory(),
    waitFutureTimeout: 2000,
    loginFailureDelay: 0,
    ...options,
  });
  const { port } = await server.start({ host, port: 0 });
  const clients: Client[] = [];
  return {
    server,
    host,
    port,
    async client(clientOptions = {}, user, password) {
      const client = new Client({ socketTimeout: 5000, ...clientOptions });
      clients.push(client);
      await client.connect(host, port);
      await client.login(user, password);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await server.close({ timeout: 200 });
    },
  };
}
