/** What the control reader produces for each line. */
export type ControlLine = { kind: "line"; bytes: Buffer } | { kind: "too-long" };

const LF = 0x0a;
const CR = 0x0d;
const IAC = 0xff;

/**
 * Splits control-connection bytes into command lines: CRLF or bare LF ends a line, Telnet
 * IAC sequences (IP, DM, ... sent around ABOR) are dropped, lines over `maxLength` bytes are
 * reported once as `too-long` and their bytes discarded up to the next LF. A line of `ABOR`
 * ended by CR alone is also complete (Python's ftplib sends ABOR with MSG_OOB, so the final
 * LF arrives as urgent data and never reaches the normal stream).
 */
export class ControlReader {
  readonly #maxLength: number;
  #chunks: Buffer[] = [];
  #length = 0;
  #discarding = false;

  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** Feeds bytes; returns the complete lines they finish. */
  push(chunk: Buffer): ControlLine[] {
    const out: ControlLine[] = [];
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) break;
      this.#append(chunk.subarray(start, lf), out);
      this.#finish(out);
      start = lf + 1;
    }
    if (start < chunk.length) this.#append(chunk.subarray(start), out);
    if (!this.#discarding && this.#length === 5) {
      const pending = Buffer.concat(this.#chunks);
      if (
        pending.at(-1) === CR &&
        pending.subarray(0, 4).toString("latin1").toUpperCase() === "ABOR"
      )
        this.#finish(out);
    }
    return out;
  }

  #append(part: Buffer, out: ControlLine[]): void {
    if (this.#discarding || part.length === 0) return;
    if (this.#length + part.length > this.#maxLength + 1) {
      this.#discarding = true;
      this.#chunks = [];
      this.#length = 0;
      out.push({ kind: "too-long" });
      return;
    }
    this.#chunks.push(part);
    this.#length += part.length;
  }

  #finish(out: ControlLine[]): void {
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    let line = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#length = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    if (line.includes(IAC)) line = stripTelnet(line);
    out.push({ kind: "line", bytes: line });
  }
}

/** Removes Telnet IAC commands; `IAC IAC` stands for one 0xFF byte. */
function stripTelnet(line: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const byte = line[i]!;
    if (byte !== IAC) {
      out.push(byte);
      continue;
    }
    const next = line[i + 1];
    if (next === IAC) out.push(IAC);
    else if (next !== undefined && next >= 0xfb && next <= 0xfe) i++; // WILL/WONT/DO/DONT opt
    i++;
  }
  return Buffer.from(out);
}
