/** A text sink standing in for stdout/stderr in tests (not a terminal: plain lines). */
export class Capture {
  text = "";
  readonly isTTY = false;

  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }
}
