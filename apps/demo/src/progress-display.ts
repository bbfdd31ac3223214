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
  readonly #useBars: boolean;
  /** The bars while at least one task runs; a new set is made for the next task after that. */
  #bars: cliProgress.MultiBar | undefined;
  #active = 0;

  constructor(out: OutputStream, options: ProgressDisplayOptions = {}) {
    this.#out = out;
    this.#milestones = options.milestones ?? false;
    this.#useBars = options.bars ?? out.isTTY === true;
  }

  /** True when drawing bars (a terminal). */
  get bars(): boolean {
    return this.#useBars;
  }

  /** Prints a line (above the bars while some are shown). */
  log(line: string): void {
    if (this.#bars) this.#bars.log(`${line}\n`);
    else this.#out.write(`${line}\n`);
  }

  #openBars(): cliProgress.MultiBar {
    this.#bars ??= new cliProgress.MultiBar({
      stream: this.#out as NodeJS.WritableStream,
      format: FORMAT,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      autopadding: true,
      emptyOnZero: true,
      gracefulExit: true,
    });
    this.#active++;
    return this.#bars;
  }

  #closeBars(bar: cliProgress.SingleBar, line: string): void {
    const bars = this.#bars;
    if (!bars) return;
    bar.stop();
    bars.remove(bar);
    this.#active--;
    if (this.#active === 0) {
      // stop drawing, then print directly: lines logged to idle bars would wait for a redraw
      bars.stop();
      this.#bars = undefined;
      this.log(line);
    } else {
      bars.log(`${line}\n`);
    }
  }

  /** Starts showing a transfer of `total` bytes (unknown: `undefined`). */
  task(label: string, total: number | undefined): ProgressTask {
    const size = total === undefined ? "?" : formatBytes(total);
    const shortLabel = label.length > 28 ? `…${label.slice(-27)}` : label.padEnd(28);
    if (this.#useBars) {
      const bars = this.#openBars();
      const bar = bars.create(total ?? 0, 0, {
        label: shortLabel,
        moved: formatBytes(0),
        size,
        speed: "",
      });
      let finished = false;
      return {
        update: (bytes, rate) => {
          if (finished) return;
          if (total === undefined) bar.setTotal(bytes);
          bar.update(bytes, {
            moved: formatBytes(bytes),
            speed: rate === undefined ? "" : formatRate(rate),
          });
        },
        done: (line) => {
          if (finished) return;
          finished = true;
          this.#closeBars(bar, line);
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

  /** Removes any bars still shown and restores the cursor. */
  stop(): void {
    this.#bars?.stop();
    this.#bars = undefined;
    this.#active = 0;
  }
}
