/**
 * Reads the features of a `211` FEAT reply (the `lines` of its `Reply`): every line
 * between the first ("Features:") and the last ("End"), trimmed, split at the first space into
 * an upper-cased name and its parameters. `" MLST type*;size*;"` gives
 * `"MLST" → "type*;size*;"`, `" UTF8"` gives `"UTF8" → ""`. A name listed more than once
 * (`AUTH TLS`, `AUTH SSL`) keeps all parameters, joined by `;` (`"TLS;SSL"`). A single-line
 * reply (`211 no features`) gives an empty map.
 */
export function parseFeatReply(lines: readonly string[]): Map<string, string> {
  const features = new Map<string, string>();
  for (let i = 1; i < lines.length - 1; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    const space = line.indexOf(" ");
    const name = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const params = space === -1 ? "" : line.slice(space + 1).trim();
    const seen = features.get(name);
    features.set(
      name,
      seen === undefined || seen === "" ? params : params === "" ? seen : `${seen};${params}`,
    );
  }
  return features;
}

/**
 * The lines of a FEAT reply for `formatReply(211, lines)`: `"Features:"`, each feature
 * indented by one space (RFC 2389), `"End"`.
 * @throws {TypeError} for a feature containing CR, LF or NUL.
 */
export function formatFeatReply(features: readonly string[]): string[] {
  const lines = ["Features:"];
  for (const feature of features) {
    if (/[\r\n\0]/.test(feature)) throw new TypeError("A feature may not contain CR, LF or NUL");
    lines.push(` ${feature.trim()}`);
  }
  lines.push("End");
  return lines;
}
