import net from "node:net";

/** A connected pair of loopback sockets: `client` dialled `server`. */
export interface SocketPair {
  client: net.Socket;
  server: net.Socket;
  close(): Promise<void>;
}

/** Opens a real TCP connection over `host` (127.0.0.1 or ::1) and returns both ends. */
export async function socketPair(host = "127.0.0.1"): Promise<SocketPair> {
  const listener = net.createServer();
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, host, resolve);
  });
  const { port } = listener.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", resolve);
    client.once("error", reject);
  });
  const server = await accepted;
  // Stop listening now; close() would wait for the accepted connection to end.
  listener.close();
  return {
    client,
    server,
    async close() {
      client.destroy();
      server.destroy();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
