import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatRate } from "../src/format.js";
import { ProgressDisplay } from "../src/progress-display.js";
import { Capture } from "./capture.js";

describe("ProgressDisplay", () => {
  it("draws bars on a terminal and keeps every finished line", async () => {
    const out = Object.assign(new Capture(), { isTTY: true, columns: 120 });
    const display = new ProgressDisplay(out);
    expect(display.bars).toBe(true);
    const a = display.task("a.bin", 1000);
    const b = display.task("b.bin", undefined);
    a.update(500, 1000);
    b.update(300);
    await new Promise((resolve) => setTimeout(resolve, 150)); // one redraw
    a.done("got a.bin");
    b.done("got b.bin");
    display.log("after the bars");
    display.stop();
    expect(out.text).toContain("50%");
    expect(out.text).toContain("500 B of 1000 B");
    for (const line of ["got a.bin", "got b.bin", "after the bars"])
      expect(out.text).toContain(line);
  });

  it("prints plain lines elsewhere, with quarter milestones when asked", () => {
    const out = new Capture();
    const display = new ProgressDisplay(out, { milestones: true });
    expect(display.bars).toBe(false);
    const task = display.task("x.bin", 4000);
    for (const bytes of [500, 1000, 2100, 3000, 4000]) task.update(bytes);
    task.done("done x.bin");
    expect(out.text).toBe(
      "    x.bin: 25% (1000 B of 3.9 KiB)\n    x.bin: 52% (2.1 KiB of 3.9 KiB)\n    x.bin: 75% (2.9 KiB of 3.9 KiB)\ndone x.bin\n",
    );
  });
});

describe("format", () => {
  it("bytes, rates and durations", () => {
    expect(formatBytes(12)).toBe("12 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(4 * 1024 * 1024)).toBe("4.0 MiB");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300 MiB");
    expect(formatRate(0)).toBe("-");
    expect(formatRate(2 * 1024 * 1024)).toBe("2.0 MiB/s");
    expect(formatDuration(850.4)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
  });
});
