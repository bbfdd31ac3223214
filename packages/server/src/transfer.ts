import type net from "node:net";
import type { TransferDirection } from "./events.js";

/** What a transfer command hands to `Session.startTransfer`. */
export interface TransferSpec {
  /** Verb, e.g. `RETR`. */
  command: string;
  /** Virtual path (for events and STAT). */
  path: string;
  direction: TransferDirection;
  /** REST offset. */
  offset: number;
  /** Text of the `150` reply. */
  preliminary: string;
  /** Text of the `226` reply. */
  success?: string;
  /** Moves the data; resolves when all data went through and the data connection closed cleanly. */
  body(socket: net.Socket, transfer: Transfer): Promise<void>;
  /** Runs after the body (or after a failure); `completed` tells which. */
  cleanup?(completed: boolean): Promise<void>;
}

/** A running transfer: progress and cancellation. */
export class Transfer {
  readonly spec: TransferSpec;
  readonly controller = new AbortController();
  readonly startedAt = Date.now();
  /** Bytes moved over the data connection so far. */
  bytes = 0;
  /** True once the data connection is open. */
  connected = false;
  /** Settles when the transfer has finished and its final reply was sent. */
  readonly done: Promise<void>;
  #resolve!: () => void;

  constructor(spec: TransferSpec) {
    this.spec = spec;
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The signal bodies must honour. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the transfer (ABOR, session close). */
  abort(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new TransferAbortedError(reason));
  }

  /** @internal */
  finish(): void {
    this.#resolve();
  }
}

/** The reason a transfer's signal carries when ABOR or a close stopped it. */
export class TransferAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "TransferAbortedError";
  }
}
