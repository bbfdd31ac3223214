import type net from "node:net";
import { type CallOptions, StreamIO, type StreamIOOptions } from "./stream-io.js";
import type { StreamThrottle, Throttle } from "./throttle.js";

type Direction = "read" | "write";

/** Options of a {@link ThrottleStreamIO}. */
export interface ThrottleStreamIOOptions extends StreamIOOptions {
  /**
   * Largest piece a throttled write hands to the socket at once, and the block size of a
   * throttled read to EOF (default 64 KiB), so a limit holds even for one large buffer.
   * Unthrottled calls are never split.
   */
  maxWriteSlice?: number | undefined;
}

/**
 * A {@link StreamIO} whose reads (`read`, `readLine`, `readExactly`) and writes pass every
 * named throttle of `throttles`. The record is shared by reference and looked up on every
 * call: a throttle added to it later (as the server does with per-user throttles at login)
 * applies to streams that are already open. While no throttle in the record has a limit,
 * calls go straight to {@link StreamIO} with no extra awaits.
 */
export class ThrottleStreamIO extends StreamIO {
  /** The named throttles, shared by reference with whoever created the stream. */
  readonly throttles: Record<string, StreamThrottle>;
  readonly #maxWriteSlice: number;

  constructor(
    socket: net.Socket,
    throttles: Record<string, StreamThrottle> = {},
    options: ThrottleStreamIOOptions = {},
  ) {
    super(socket, options);
    this.throttles = throttles;
    this.#maxWriteSlice = options.maxWriteSlice ?? 64 * 1024;
    if (!(this.#maxWriteSlice > 0)) throw new RangeError("maxWriteSlice must be positive");
  }

  /** The throttles with a limit for `direction`, or `undefined` when there are none. */
  #active(direction: Direction): Throttle[] | undefined {
    let out: Throttle[] | undefined;
    for (const key in this.throttles) {
      const throttle = this.throttles[key]?.[direction];
      if (throttle?.active) {
        out ??= [];
        out.push(throttle);
      }
    }
    return out;
  }

  async #paced<T>(
    active: Throttle[],
    signal: AbortSignal | undefined,
    operation: () => Promise<T>,
    size: (result: T) => number,
  ): Promise<T> {
    try {
      if (active.length === 1) await (active[0] as Throttle).wait({ signal });
      else await Promise.all(active.map((throttle) => throttle.wait({ signal })));
    } catch (error) {
      // An abort while paced tears the stream down like one during socket I/O.
      this.destroy(error as Error);
      throw error;
    }
    const starts = active.map((throttle) => throttle.clock.now());
    const result = await operation();
    const count = size(result);
    for (let i = 0; i < active.length; i++) (active[i] as Throttle).append(count, starts[i] ?? 0);
    return result;
  }

  override read(count?: number, options: CallOptions = {}): Promise<Buffer> {
    const active = this.#active("read");
    if (active === undefined) return super.read(count, options);
    if (count === undefined || count < 0) return this.#readAllPaced(options);
    return this.#paced(active, options.signal, () => super.read(count, options), byteLength);
  }

  /** Reading to EOF under a limit goes block by block, so the pace holds throughout. */
  async #readAllPaced(options: CallOptions): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const block = await this.read(this.#maxWriteSlice, options);
      if (block.length === 0) break;
      parts.push(block);
      total += block.length;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
  }

  override readExactly(count: number, options: CallOptions = {}): Promise<Buffer> {
    const active = this.#active("read");
    if (active === undefined) return super.readExactly(count, options);
    return this.#paced(active, options.signal, () => super.readExactly(count, options), byteLength);
  }

  override readLine(options: CallOptions = {}): Promise<Buffer | null> {
    const active = this.#active("read");
    if (active === undefined) return super.readLine(options);
    return this.#paced(
      active,
      options.signal,
      () => super.readLine(options),
      (line) => (line === null ? 0 : line.length + 1),
    );
  }

  override write(data: Uint8Array | string, options: CallOptions = {}): Promise<void> {
    if (this.#active("write") === undefined) return super.write(data, options);
    return this.#writePaced(typeof data === "string" ? Buffer.from(data) : data, options);
  }

  async #writePaced(bytes: Uint8Array, options: CallOptions): Promise<void> {
    const step = this.#maxWriteSlice;
    let offset = 0;
    do {
      const slice = bytes.subarray(offset, offset + step);
      const active = this.#active("write");
      if (active === undefined) await super.write(slice, options);
      else
        await this.#paced(
          active,
          options.signal,
          () => super.write(slice, options),
          () => slice.length,
        );
      offset += step;
    } while (offset < bytes.length);
  }
}

function byteLength(data: Buffer): number {
  return data.length;
}
