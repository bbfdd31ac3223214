import net from "node:net";
import type tls from "node:tls";
import {
  Code,
  formatEprt,
  formatPort,
  parseEpsvResponse,
  parsePasvResponse,
  type Reply,
  StatusCodeError,
} from "@ftp/protocol";
import type { ControlConnection } from "./control-connection.js";
import {
  connectPassive,
  type DataSettings,
  listenActive,
  type PendingData,
  plainAddress,
} from "./data-connection.js";
import type { PassiveCommand, ResolvedOptions } from "./options.js";

/** What opening one data connection needs from the client. */
export interface NegotiationContext {
  control: ControlConnection;
  signal: AbortSignal | undefined;
  /** The host given to `connect` (dialled instead of the peer address through SOCKS). */
  host: string;
  /** TLS options for protected data connections, or undefined for clear data. */
  dataTls: tls.ConnectionOptions | undefined;
  /** Which way the data will flow ("read" for downloads and listings). */
  mode?: "read" | "write" | undefined;
  /** Sends a command and checks its reply. */
  exchange: (
    verb: string,
    argument: string | undefined,
    expected: readonly string[],
  ) => Promise<Reply>;
  /**
   * The transfer command to send in the same write as the passive command (see
   * `ClientOptions.pipelining`); only when `canPipeline()` said so.
   */
  pipeline?: { verb: string; argument: string | undefined } | undefined;
  /** Reads the next reply (pipelining). */
  read: (what: string) => Promise<Reply>;
  /** Brings the control connection back in sync after a failed pipelined transfer. */
  resync: () => Promise<void>;
}

/** The command and success code of each passive mode. */
const PASSIVE = {
  epsv: { verb: "EPSV", code: "229" },
  pasv: { verb: "PASV", code: "227" },
} as const;

function isRefusal(error: unknown): boolean {
  return (
    error instanceof StatusCodeError && error.receivedCodes.some((code) => code.matches("50x"))
  );
}

/**
 * Sets up data connections: the passive commands in order (EPSV, then PASV), or active mode
 * (EPRT/PORT), moving on when the server refuses one with 50x and remembering what worked.
 */
export class DataNegotiator {
  readonly #options: ResolvedOptions;
  #passiveIndex = 0;
  #activeIndex = 0;
  /** A passive command worked on this connection (pipelining may start). */
  #passiveWorked = false;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** Forgets what worked (a new connection). */
  reset(): void {
    this.#passiveIndex = 0;
    this.#activeIndex = 0;
    this.#passiveWorked = false;
  }

  /** True when the next transfer may send its command together with the passive command. */
  canPipeline(): boolean {
    return (
      this.#options.pipelining && this.#options.passiveCommands.length > 0 && this.#passiveWorked
    );
  }

  /**
   * The passive command and the transfer command in one write; then the passive reply and the
   * connection. On any failure the transfer command's reply is still due: ABOR/NOOP resync.
   */
  async #openPipelined(
    context: NegotiationContext,
    settings: DataSettings,
    pipeline: { verb: string; argument: string | undefined },
  ): Promise<PendingData> {
    const command = this.#options.passiveCommands[this.#passiveIndex] ?? "epsv";
    const { verb, code } = PASSIVE[command];
    context.control.sendAll([[verb], [pipeline.verb, pipeline.argument]]);
    try {
      const reply = await context.read(`waiting for the reply to ${verb}`);
      if (reply.code.value !== code)
        throw new StatusCodeError([new Code(code)], [reply.code], reply.lines);
      const { host, port } = this.#passiveTarget(context, command, reply);
      return await connectPassive(host, port, settings, context.signal, context.mode);
    } catch (error) {
      await context.resync();
      throw error;
    }
  }

  /** Where a passive reply (229 or 227) says to connect. */
  #passiveTarget(
    context: NegotiationContext,
    command: PassiveCommand,
    reply: Reply,
  ): { host: string; port: number } {
    const text = reply.lines.join(" ");
    if (command === "epsv")
      return { host: this.#controlPeer(context), port: parseEpsvResponse(text).port };
    const parsed = parsePasvResponse(text);
    const useSent = !this.#options.passiveHostFallback && parsed.host !== "0.0.0.0";
    return { host: useSent ? parsed.host : this.#controlPeer(context), port: parsed.port };
  }

  #settings(context: NegotiationContext): DataSettings {
    const { control, dataTls } = context;
    const options = this.#options;
    return {
      timeout: options.dataConnectionTimeout,
      handshakeTimeout: options.dataConnectionTimeout,
      tls: dataTls
        ? {
            options: dataTls,
            session: () => control.session ?? (control.socket as tls.TLSSocket).getSession?.(),
          }
        : undefined,
      socks: options.socks,
    };
  }

  /** Host to dial for passive data connections: the control peer (or host through SOCKS). */
  #controlPeer(context: NegotiationContext): string {
    if (this.#options.socks) return context.host;
    return plainAddress(context.control.socket.remoteAddress) || context.host;
  }

  /** Opens a data connection (passive) or starts listening for it (active). */
  async open(context: NegotiationContext): Promise<PendingData> {
    const options = this.#options;
    const settings = this.#settings(context);
    if (context.pipeline && this.canPipeline())
      return this.#openPipelined(context, settings, context.pipeline);
    if (options.passiveCommands.length > 0) {
      const commands = options.passiveCommands;
      for (let i = this.#passiveIndex; i < commands.length; i++) {
        try {
          const command = commands[i] as PassiveCommand;
          const { verb, code } = PASSIVE[command];
          const reply = await context.exchange(verb, undefined, [code]);
          const { host, port } = this.#passiveTarget(context, command, reply);
          this.#passiveIndex = i;
          const pending = await connectPassive(host, port, settings, context.signal, context.mode);
          this.#passiveWorked = true;
          return pending;
        } catch (error) {
          if (i === commands.length - 1 || !isRefusal(error)) throw error;
        }
      }
      throw new Error("unreachable");
    }
    const socket = context.control.socket;
    const address = plainAddress(options.activeAddress ?? socket.localAddress);
    const pending = await listenActive(
      address,
      options.activePortRange,
      socket.remoteAddress ?? "",
      settings,
    );
    try {
      const commands = options.activeCommands;
      for (let i = this.#activeIndex; i < commands.length; i++) {
        const name = commands[i];
        if (name === "port" && !net.isIPv4(address)) continue;
        try {
          if (name === "eprt")
            await context.exchange("EPRT", formatEprt(address, pending.port), ["200"]);
          else await context.exchange("PORT", formatPort(address, pending.port), ["200"]);
          this.#activeIndex = i;
          return pending;
        } catch (error) {
          if (i === commands.length - 1 || !isRefusal(error)) throw error;
        }
      }
      throw new TypeError(`no active command usable for ${address}`);
    } catch (error) {
      pending.close();
      throw error;
    }
  }
}
