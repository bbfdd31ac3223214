import { formatFactTime } from "./ls-date.js";
import type { ListEntry, ListInfo, ListParser } from "./types.js";
import { stripLineEnd } from "./unix.js";

/**
 * EPLF (Bernstein's Easily Parsed LIST Format): `+fact,fact,...,\tname`. Facts: `/` directory,
 * `r` retrievable file, `s<size>`, `m<unix seconds>`, `i<unique id>`, `up<octal mode>`.
 */
function parseEplf(line: string): ListEntry | undefined {
  const text = stripLineEnd(line);
  if (text.charCodeAt(0) !== 43) return undefined; // +
  const tab = text.indexOf("\t");
  if (tab === -1 || tab === text.length - 1) return undefined;
  let type: ListInfo["type"] = "unknown";
  const facts: Record<string, string> = {};
  for (const fact of text.slice(1, tab).split(",")) {
    if (fact === "") continue;
    const value = fact.slice(1);
    switch (fact.charAt(0)) {
      case "/":
        type = "dir";
        break;
      case "r":
        if (type === "unknown") type = "file";
        break;
      case "s":
        if (!/^\d+$/.test(value)) return undefined;
        facts.size = value;
        break;
      case "m":
        if (!/^\d+$/.test(value)) return undefined;
        facts.modify = formatFactTime(new Date(Number(value) * 1000));
        break;
      case "i":
        facts.unique = value;
        break;
      case "u":
        if (/^p[0-7]{1,4}$/.test(value)) facts["unix.mode"] = value.slice(1).padStart(4, "0");
        break;
    }
  }
  return [text.slice(tab + 1), { type, ...facts }];
}

/** The EPLF dialect (`+i8388621.48594,m825718503,r,s280,\tdjb.html`). */
export const eplfListParser: ListParser = { name: "eplf", parse: parseEplf };
