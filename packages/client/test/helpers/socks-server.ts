import net from "node:net";

/** A minimal SOCKS4/SOCKS5 proxy for tests (CONNECT only), optionally with user foo/bar. */
export interface SocksServer {
  port: number;
  /** Destinations the proxy connected to, as "host:port". */
  connections: string[];
  close(): Promise<void>;
}

function reader(socket: net.Socket) {
  let buffer = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const arrival = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  };
  socket.on("data", onData);
  return {
    async read(count: number): Promise<Buffer> {
      while (buffer.length < count) await arrival();
      const out = buffer.subarray(0, count);
      buffer = buffer.subarray(count);
      return out;
    },
    async until(byte: number): Promise<Buffer> {
      while (!buffer.includes(byte)) await arrival();
      const index = buffer.indexOf(byte);
      const out = buffer.subarray(0, index);
      buffer = buffer.subarray(index + 1);
      return out;
    },
    detach(): Buffer {
      socket.off("data", onData);
      return buffer;
    },
  };
}

/** Starts the proxy on 127.0.0.1. */
export async function startSocksServer(auth?: {
  user: string;
  password: string;
}): Promise<SocksServer> {
  const connections: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer(async (client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    const input = reader(client);
    try {
      const [version] = await input.read(1);
      let host: string;
      let port: number;
      if (version === 5) {
        const [count = 0] = await input.read(1);
        const methods = [...(await input.read(count))];
        if (auth) {
          if (!methods.includes(2)) return void client.end(Buffer.from([5, 0xff]));
          client.write(Buffer.from([5, 2]));
          await input.read(1);
          const user = (await input.read((await input.read(1))[0] ?? 0)).toString();
          const password = (await input.read((await input.read(1))[0] ?? 0)).toString();
          const ok = user === auth.user && password === auth.password;
          client.write(Buffer.from([1, ok ? 0 : 1]));
          if (!ok) return void client.end();
        } else client.write(Buffer.from([5, 0]));
        const [, , , type] = await input.read(4);
        if (type === 1) host = [...(await input.read(4))].join(".");
        else if (type === 3) host = (await input.read((await input.read(1))[0] ?? 0)).toString();
        else {
          const raw = await input.read(16);
          host = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16)).join(
            ":",
          );
        }
        port = (await input.read(2)).readUInt16BE();
      } else {
        const head = await input.read(7);
        port = head.readUInt16BE(1);
        host = [...head.subarray(3, 7)].join(".");
        await input.until(0);
        if (host.startsWith("0.0.0.")) host = (await input.until(0)).toString();
      }
      const target = net.connect({ host, port });
      target.on("error", () => client.destroy());
      await new Promise<void>((resolve, reject) => {
        target.once("connect", resolve);
        target.once("error", reject);
      });
      connections.push(`${host}:${port}`);
      sockets.add(target);
      target.on("close", () => sockets.delete(target));
      client.write(
        version === 5
          ? Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0])
          : Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0]),
      );
      const rest = input.detach();
      if (rest.length > 0) target.write(rest);
      client.pipe(target);
      target.pipe(client);
    } catch {
      client.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
