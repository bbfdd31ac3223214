import net from "node:net";
import type tls from "node:tls";
import {
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
import type { ResolvedOptions } from "./options.js";

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
}

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

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** Forgets what worked (a new connection). */
  reset(): void {
    this.#passiveIndex = 0;
    this.#activeIndex = 0;
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
    if (options.passiveCommands.length > 0) {
      const commands = options.passiveCommands;
      for (let i = this.#passiveIndex; i < commands.length; i++) {
        try {
          let host = this.#controlPeer(context);
          let port: number;
          if (commands[i] === "epsv") {
            const reply = await context.exchange("EPSV", undefined, ["229"]);
            port = parseEpsvResponse(reply.lines.join(" ")).port;
          } else {
            const reply = await context.exchange("PASV", undefined, ["227"]);
            const parsed = parsePasvResponse(reply.lines.join(" "));
            port = parsed.port;
            if (!options.passiveHostFallback && parsed.host !== "0.0.0.0") host = parsed.host;
          }
          this.#passiveIndex = i;
          return await connectPassive(host, port, settings, context.signal, context.mode);
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
