import net from "node:net";

/** What a scripted handler can do with one connection. */
export interface ScriptContext {
  /** Sends raw reply text (CRLF added per line). */
  send(...lines: string[]): void;
  socket: net.Socket;
  /** Every command line received so far. */
  received: string[];
}

/** Answers one command line; the default answers unknown commands with 502. */
export type ScriptHandler = (
  verb: string,
  argument: string,
  context: ScriptContext,
) => void | Promise<void>;

/** A tiny real-socket FTP peer whose replies a test scripts line by line. */
export interface ScriptedServer {
  port: number;
  received: string[];
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1 that greets with `greeting`. */
export async function startScripted(
  handler: ScriptHandler,
  greeting: string[] = ["220 scripted ready"],
): Promise<ScriptedServer> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const context: ScriptContext = {
      send: (...lines) => {
        if (!socket.destroyed) socket.write(lines.map((line) => `${line}\r\n`).join(""));
      },
      socket,
      received,
    };
    if (greeting.length > 0) context.send(...greeting);
    let buffer = "";
    let chain = Promise.resolve();
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      let index = buffer.indexOf("\r\n");
      while (index >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        received.push(line);
        const space = line.indexOf(" ");
        const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
        const argument = space < 0 ? "" : line.slice(space + 1);
        chain = chain.then(() => handler(verb, argument, context)).catch(() => {});
        index = buffer.indexOf("\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Opens a passive data listener for scripted transfers; resolves the first connection. */
export async function passiveListener(): Promise<{
  port: number;
  accepted: Promise<net.Socket>;
  close(): void;
}> {
  const server = net.createServer();
  const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  accepted.then(() => server.close()).catch(() => {});
  return {
    port,
    accepted,
    close: () => {
      server.close();
      accepted.then((socket) => socket.destroy()).catch(() => {});
    },
  };
}
