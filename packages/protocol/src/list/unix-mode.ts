/**
 * Reads the nine permission characters of an `ls -l` line (`"rwxr-sr-t"`) into the mode bits,
 * including setuid (`s`/`S` in the owner's execute slot), setgid (`s`/`S` in the group's) and
 * sticky (`t`/`T` in the others'); the lower-case letters also mean "executable".
 * Returns `undefined` for anything else.
 */
export function parseUnixMode(text: string): number | undefined {
  if (text.length !== 9) return undefined;
  let mode = 0;
  for (let who = 0; who < 3; who++) {
    const shift = (2 - who) * 3;
    const r = text.charCodeAt(who * 3);
    const w = text.charCodeAt(who * 3 + 1);
    const x = text.charCodeAt(who * 3 + 2);
    if (r === 114) mode |= 4 << shift;
    else if (r !== 45) return undefined;
    if (w === 119) mode |= 2 << shift;
    else if (w !== 45) return undefined;
    if (x === 120) mode |= 1 << shift;
    else if (x !== 45) {
      const special = who === 0 ? 0o4000 : who === 1 ? 0o2000 : 0o1000;
      const lower = who === 2 ? 116 : 115; // t / s
      if (x === lower) mode |= special | (1 << shift);
      else if (x === lower - 32) mode |= special;
      else return undefined;
    }
  }
  return mode;
}

const RWX = ["---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"] as const;

/** The nine `ls -l` permission characters for a mode (`0o4755` gives `"rwsr-xr-x"`). */
export function formatUnixMode(mode: number): string {
  const chars = [...RWX[(mode >> 6) & 7]!, ...RWX[(mode >> 3) & 7]!, ...RWX[mode & 7]!];
  if (mode & 0o4000) chars[2] = chars[2] === "x" ? "s" : "S";
  if (mode & 0o2000) chars[5] = chars[5] === "x" ? "s" : "S";
  if (mode & 0o1000) chars[8] = chars[8] === "x" ? "t" : "T";
  return chars.join("");
}

/** A mode as the four-digit octal string used in `unix.mode` facts: `0o755` gives `"0755"`. */
export function formatOctalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}
