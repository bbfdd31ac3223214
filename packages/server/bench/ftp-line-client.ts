/**
 * A bare FTP control-connection reader for the benchmark drivers: it only waits for the next
 * final reply and opens EPSV data connections. Deliberately minimal, so the driver costs as
 * little CPU as possible and treats every server the same.
 */
import net from "node:net";

/** One final reply: its code and full text. */
export interface BenchReply {
  code: number;
  text: string;
}

/** A control connection to an FTP server. */
export class LineClient {
  readonly socket: net.Socket;
  #buffer = "";
  #replies: BenchReply[] = [];
  #waiter: ((reply: BenchReply | Error) => void) | undefined;
  #error: Error | undefined;
  #multi: string | undefined;
  #data: net.Socket | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => this.#onData(chunk));
    const fail = (error: Error) => {
      this.#error ??= error;
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter?.(this.#error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("control connection closed")));
  }

  /** Connects and reads the greeting. */
  static async connect(
    host: string,
    port: number,
  ): Promise<{ client: LineClient; greeting: BenchReply }> {
    const client = LineClient.open(host, port);
    const greeting = await client.read();
    return { client, greeting };
  }

  /** Starts connecting; the first {@link LineClient.read} returns the greeting. */
  static open(host: string, port: number): LineClient {
    return new LineClient(net.connect({ host, port }));
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let index = this.#buffer.indexOf("\r\n");
    while (index !== -1) {
      const line = this.#buffer.slice(0, index);
      this.#buffer = this.#buffer.slice(index + 2);
      this.#onLine(line);
      index = this.#buffer.indexOf("\r\n");
    }
  }

  #onLine(line: string): void {
    if (this.#multi !== undefined) {
      if (line.startsWith(`${this.#multi} `)) {
        this.#deliver({ code: Number(this.#multi), text: line });
        this.#multi = undefined;
      }
      return;
    }
    const code = line.slice(0, 3);
    if (line[3] === "-") {
      this.#multi = code;
      return;
    }
    this.#deliver({ code: Number(code), text: line });
  }

  #deliver(reply: BenchReply): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined) waiter(reply);
    else this.#replies.push(reply);
  }

  /** The next final reply. */
  read(): Promise<BenchReply> {
    const queued = this.#replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#waiter = (reply) => (reply instanceof Error ? reject(reply) : resolve(reply));
    });
  }

  /** Sends a command and reads its reply. */
  command(line: string): Promise<BenchReply> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  /** Anonymous login (USER, then PASS when asked). */
  async login(): Promise<void> {
    let reply = await this.command("USER anonymous");
    if (reply.code === 331) reply = await this.command("PASS bench@");
    if (reply.code !== 230) throw new Error(`login refused: ${reply.text}`);
  }

  /** EPSV + data connection + `command`; returns the bytes received. */
  async download(host: string, command: string): Promise<number> {
    const epsv = await this.command("EPSV");
    const match = /\(\|\|\|(\d+)\|\)/.exec(epsv.text);
    if (epsv.code !== 229 || match === null) throw new Error(`EPSV failed: ${epsv.text}`);
    const data = net.connect({ host, port: Number(match[1]) });
    this.#data = data;
    data.setNoDelay(true);
    let bytes = 0;
    const received = new Promise<number>((resolve, reject) => {
      data.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      data.on("error", reject);
      data.on("close", () => resolve(bytes));
    });
    const first = await this.command(command);
    if (first.code !== 150 && first.code !== 125) {
      data.destroy();
      throw new Error(`${command} refused: ${first.text}`);
    }
    const total = await received;
    this.#data = undefined;
    const last = await this.read();
    if (last.code !== 226) throw new Error(`${command} ended with ${last.text}`);
    return total;
  }

  /** Destroys the connection (and the open data connection); pending reads fail with `error`. */
  destroy(error?: Error): void {
    this.#data?.destroy();
    this.socket.destroy(error);
  }
}
