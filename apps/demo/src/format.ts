/** Human-readable figures for the demo's and the command line's output. */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** `1536` → `"1.5 KiB"`, `12` → `"12 B"`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

/** Bytes per second as `"12.3 MiB/s"`. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "-";
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Milliseconds as `"850 ms"` or `"1.24 s"`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.max(0, Math.round(milliseconds))} ms`;
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

/** The rate of `bytes` moved in `milliseconds`, formatted. */
export function rateOf(bytes: number, milliseconds: number): string {
  return formatRate(milliseconds > 0 ? (bytes * 1000) / milliseconds : Number.POSITIVE_INFINITY);
}
