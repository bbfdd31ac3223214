import cliProgress from "cli-progress";
import { formatBytes, formatRate } from "./format.js";

/** Where output goes: a stream that may be a terminal. */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  /** True for a terminal (progress bars); absent or false for pipes and files (plain lines). */
  isTTY?: boolean;
}

/** One transfer being shown. */
export interface ProgressTask {
  /** Sets the bytes moved so far (and the rate, bytes/s, when known). */
  update(bytes: number, rate?: number): void;
  /** Ends the task and prints `line` (it stays on screen above the bars). */
  done(line: string): void;
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Force bars on or off; default: bars when the stream is a terminal. */
  bars?: boolean;
  /** In plain mode, also print a line at every quarter of a task with a known size. */
  milestones?: boolean;
}

const FORMAT = " {label} [{bar}] {percentage}% | {moved} of {size} | {speed}";

/**
 * Progress of transfers: `cli-progress` bars on a terminal, plain lines otherwise (one per
 * finished transfer, plus one per quarter with `milestones`), so logs and pipes stay readable.
 */
export class ProgressDisplay {
  readonly #out: OutputStream;
  readonly #milestones: boolean;
  readonly #bars: cliProgress.MultiBar | undefined;

  constructor(out: OutputStream, options: ProgressDisplayOptions = {}) {
    this.#out = out;
    this.#milestones = options.milestones ?? false;
    const bars = options.bars ?? out.isTTY === true;
    if (bars)
      this.#bars = new cliProgress.MultiBar({
        stream: out as NodeJS.WritableStream,
        format: FORMAT,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        autopadding: true,
        emptyOnZero: true,
        gracefulExit: true,
      });
  }

  /** True when drawing bars (a terminal). */
  get bars(): boolean {
    return this.#bars !== undefined;
  }

  /** Prints a line (above the bars on a terminal). */
  log(line: string): void {
    if (this.#bars) this.#bars.log(`${line}\n`);
    else this.#out.write(`${line}\n`);
  }

  /** Starts showing a transfer of `total` bytes (unknown: `undefined`). */
  task(label: string, total: number | undefined): ProgressTask {
    const size = total === undefined ? "?" : formatBytes(total);
    const shortLabel = label.length > 28 ? `…${label.slice(-27)}` : label.padEnd(28);
    const bars = this.#bars;
    if (bars) {
      const bar = bars.create(total ?? 0, 0, {
        label: shortLabel,
        moved: formatBytes(0),
        size,
        speed: "",
      });
      return {
        update: (bytes, rate) => {
          if (total === undefined) bar.setTotal(bytes);
          bar.update(bytes, {
            moved: formatBytes(bytes),
            speed: rate === undefined ? "" : formatRate(rate),
          });
        },
        done: (line) => {
          bar.stop();
          bars.remove(bar);
          this.log(line);
        },
      };
    }
    let quarter = 0;
    return {
      update: (bytes) => {
        if (!this.#milestones || total === undefined || total === 0) return;
        const reached = Math.min(3, Math.floor((bytes * 4) / total));
        if (reached <= quarter) return;
        quarter = reached;
        const percent = Math.floor((bytes * 100) / total);
        this.log(`    ${label}: ${percent}% (${formatBytes(bytes)} of ${size})`);
      },
      done: (line) => this.log(line),
    };
  }

  /** Removes the bars and restores the cursor. */
  stop(): void {
    this.#bars?.stop();
  }
}
