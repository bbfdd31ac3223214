import type net from "node:net";
import { type CallOptions, StreamIO, type StreamIOOptions } from "./stream-io.js";
import type { StreamThrottle, Throttle } from "./throttle.js";

type Direction = "read" | "write";

/**
 * A {@link StreamIO} whose reads and writes pass every named throttle of `throttles`. The
 * record is shared by reference: a throttle added to it later (as the server does with the
 * per-user throttles at login) applies to streams that are already open.
 *
 * Writes larger than `maxWriteSlice` (default 64 KiB) are paced in slices so that a limit
 * is kept even for one large buffer.
 */
export class ThrottleStreamIO extends StreamIO {
  /** The named throttles, shared by reference with whoever created the stream. */
  readonly throttles: Record<string, StreamThrottle>;
  readonly #maxWriteSlice: number;

  constructor(
    socket: net.Socket,
    throttles: Record<string, StreamThrottle> = {},
    options: StreamIOOptions & { maxWriteSlice?: number } = {},
  ) {
    super(socket, options);
    this.throttles = throttles;
    this.#maxWriteSlice = options.maxWriteSlice ?? 64 * 1024;
  }

  #active(direction: Direction): Throttle[] {
    const out: Throttle[] = [];
    for (const key in this.throttles) {
      const throttle = this.throttles[key]?.[direction];
      if (throttle?.active) out.push(throttle);
    }
    return out;
  }

  async #before(direction: Direction, signal: AbortSignal | undefined): Promise<Throttle[]> {
    const active = this.#active(direction);
    if (active.length === 1) await active[0]!.wait({ signal });
    else if (active.length > 1) await Promise.all(active.map((t) => t.wait({ signal })));
    return active;
  }

  #after(active: Throttle[], byteCount: number, starts: number[]): void {
    for (let i = 0; i < active.length; i++) active[i]!.append(byteCount, starts[i]!);
  }

  override async read(count?: number, options: CallOptions = {}): Promise<Buffer> {
    const active = await this.#before("read", options.signal);
    if (active.length === 0) return super.read(count, options);
    const starts = active.map((t) => t.clock.now());
    const data = await super.read(count, options);
    this.#after(active, data.length, starts);
    return data;
  }

  override async readExactly(count: number, options: CallOptions = {}): Promise<Buffer> {
    const active = await this.#before("read", options.signal);
    if (active.length === 0) return super.readExactly(count, options);
    const starts = active.map((t) => t.clock.now());
    const data = await super.readExactly(count, options);
    this.#after(active, data.length, starts);
    return data;
  }

  override async readLine(options: CallOptions = {}): Promise<Buffer | null> {
    const active = await this.#before("read", options.signal);
    if (active.length === 0) return super.readLine(options);
    const starts = active.map((t) => t.clock.now());
    const line = await super.readLine(options);
    this.#after(active, line === null ? 0 : line.length + 1, starts);
    return line;
  }

  override async write(data: Uint8Array | string, options: CallOptions = {}): Promise<void> {
    if (this.#active("write").length === 0) return super.write(data, options);
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    for (let offset = 0; offset < bytes.length || offset === 0; offset += this.#maxWriteSlice) {
      const slice = bytes.subarray(offset, offset + this.#maxWriteSlice);
      const active = await this.#before("write", options.signal);
      const starts = active.map((t) => t.clock.now());
      await super.write(slice, options);
      this.#after(active, slice.length, starts);
      if (bytes.length === 0) break;
    }
  }
}
