import { MemoryPathIO } from "@ftp/pathio";
import { hasIPv6Loopback } from "@ftp/test-utils";
import { Server, type ServerOptions } from "../../src/index.js";
import { RawClient, type RawConnectOptions } from "./raw-client.js";

/** Loopback hosts to run over: 127.0.0.1, plus ::1 when the machine has it. */
export const HOSTS: string[] = (await hasIPv6Loopback()) ? ["127.0.0.1", "::1"] : ["127.0.0.1"];

/** Options every test server gets unless overridden: memory backend, short timeouts. */
export function testOptions(options: ServerOptions = {}): ServerOptions {
  return {
    pathIoFactory: MemoryPathIO.factory(),
    waitFutureTimeout: 2000,
    loginFailureDelay: 0,
    ...options,
  };
}

/** A started server plus helpers to connect to it; `close()` tears everything down. */
export interface TestServer {
  server: Server;
  host: string;
  port: number;
  connect(options?: RawConnectOptions): Promise<RawClient>;
  /** Connects and logs in (anonymous unless given). */
  login(user?: string, password?: string, options?: RawConnectOptions): Promise<RawClient>;
  close(): Promise<void>;
}

/** Starts a server on `host` port 0. */
export async function startServer(host: string, options: ServerOptions = {}): Promise<TestServer> {
  const server = new Server(testOptions(options));
  const address = await server.start({ host, port: 0 });
  const clients: RawClient[] = [];
  const connect = async (connectOptions?: RawConnectOptions) => {
    const client = await RawClient.connect(host, address.port, connectOptions);
    clients.push(client);
    return client;
  };
  return {
    server,
    host,
    port: address.port,
    connect,
    async login(user, password, connectOptions) {
      const client = await connect(connectOptions);
      const reply = await client.login(user, password);
      if (reply.code !== 230) throw new Error(`login failed: ${reply.code} ${reply.text}`);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await server.close({ timeout: 200 });
    },
  };
}

/** Uploads `content` to `path` through a logged-in client (STOR). */
export async function put(
  client: RawClient,
  path: string,
  content: Buffer | string,
): Promise<void> {
  const { first, last } = await client.transferOut(`STOR ${path}`, content);
  if (first.code !== 150 || last?.code !== 226)
    throw new Error(`STOR ${path} failed: ${first.code} ${last?.code}`);
}

/** Downloads `path` (RETR). */
export async function get(client: RawClient, path: string): Promise<Buffer> {
  const { first, data, last } = await client.transferIn(`RETR ${path}`);
  if (first.code !== 150 || last?.code !== 226)
    throw new Error(`RETR ${path} failed: ${first.code} ${last?.code}`);
  return data;
}
