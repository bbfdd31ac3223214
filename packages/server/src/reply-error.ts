/**
 * Thrown by a command handler (or a helper it calls) to answer with a specific reply; the
 * dispatcher sends it and the session goes on. The text goes to the peer as is, so it must
 * never contain internal details.
 */
export class ReplyError extends Error {
  /** Reply code, e.g. 550. */
  readonly replyCode: number;
  /** Reply text. */
  readonly text: string;

  constructor(replyCode: number, text: string) {
    super(`${replyCode} ${text}`);
    this.name = "ReplyError";
    this.replyCode = replyCode;
    this.text = text;
  }
}
