import { type CodeLike, type Reply, StatusCodeError } from "@ftp/protocol";
import { codes, matchesAny } from "./codes.js";
import { CommandQueue, type Release } from "./command-queue.js";
import type { ControlConnection } from "./control-connection.js";
import { withDeadline } from "./deadline.js";
import { closedError, throwIfAborted, withCallerStack } from "./errors.js";

/** One queued operation's view of the connection. */
export interface Session {
  control: ControlConnection;
  signal: AbortSignal | undefined;
}

/**
 * The command/reply conversation on one control connection: the FIFO queue that keeps
 * concurrent operations apart, reply reading with expected and wait codes, and closing the
 * connection when it can no longer be trusted (a reply timeout, a failed resync).
 */
export class Conversation {
  /** Operations take turns through this queue. */
  readonly queue = new CommandQueue();
  /** The current control connection, if any. */
  control: ControlConnection | undefined;
  /** Reply wait limit (ms) or undefined for none. */
  readonly replyTimeout: number | undefined;

  constructor(replyTimeout: number | undefined) {
    this.replyTimeout = replyTimeout;
  }

  /** Runs `fn` with the queue held, released when it settles; the caller may stop waiting. */
  async run<T>(
    signal: AbortSignal | undefined,
    fn: (session: Session) => Promise<T>,
    needsConnection = true,
  ): Promise<T> {
    const origin = new Error("queued here");
    let release: Release;
    try {
      release = await this.queue.acquire(signal);
    } catch (error) {
      throw withCallerStack(error, origin);
    }
    const task = (async () => {
      try {
        throwIfAborted(signal);
        const control = needsConnection
          ? this.requireControl()
          : (this.control as ControlConnection);
        return await fn({ control, signal });
      } finally {
        release();
      }
    })();
    try {
      return await withDeadline(task, { phase: "reply", what: "", signal });
    } catch (error) {
      throw withCallerStack(error, origin);
    }
  }

  /** Like `run` but `fn` takes over releasing (a data stream keeps the queue). */
  async runHolding<T>(
    signal: AbortSignal | undefined,
    fn: (session: Session, release: Release) => Promise<T>,
  ): Promise<T> {
    const origin = new Error("queued here");
    let release: Release;
    try {
      release = await this.queue.acquire(signal);
    } catch (error) {
      throw withCallerStack(error, origin);
    }
    try {
      throwIfAborted(signal);
      return await fn({ control: this.requireControl(), signal }, release);
    } catch (error) {
      release();
      throw withCallerStack(error, origin);
    }
  }

  requireControl(): ControlConnection {
    const control = this.control;
    if (!control) throw closedError("not connected: call connect() first");
    if (control.error) throw control.error;
    return control;
  }

  /** The control connection cannot be trusted any more: close it with `error` as the reason. */
  desync(error: Error): void {
    const control = this.control;
    if (control && !control.error)
      control.destroy(closedError(`control connection closed: ${error.message}`, error));
  }

  async read(session: Session, what: string): Promise<Reply> {
    try {
      return await session.control.readReply(what, this.replyTimeout);
    } catch (error) {
      this.desync(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /** Reads replies until one is not a wait code; checks it against `expected` (if any). */
  async expect(
    session: Session,
    expected: readonly CodeLike[],
    wait: readonly CodeLike[],
    what: string,
  ): Promise<Reply> {
    for (;;) {
      const reply = await this.read(session, what);
      if (wait.length > 0 && matchesAny(reply.code, wait)) continue;
      if (expected.length > 0 && !matchesAny(reply.code, expected))
        throw new StatusCodeError(codes(expected), [reply.code], reply.lines);
      return reply;
    }
  }

  async exchange(
    session: Session,
    verb: string,
    argument: string | undefined,
    expected: readonly CodeLike[],
    wait: readonly CodeLike[] = [],
  ): Promise<Reply> {
    throwIfAborted(session.signal);
    session.control.send(verb, argument);
    return this.expect(session, expected, wait, `waiting for the reply to ${verb}`);
  }
}
