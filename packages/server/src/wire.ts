/**
 * The one piece of wire format only the server needs: strict PORT/EPRT argument parsing that
 * tells malformed (501) from an unknown network protocol (522). Everything else (replies,
 * PASV/EPSV texts, 257 quoting, `ls -l` lines, MDTM times) comes from @ftp/protocol.
 */
import { isIP } from "node:net";

/** Parses a PORT argument `h,h,h,h,p,p`; undefined when malformed. */
export function parsePortArgument(argument: string): { host: string; port: number } | undefined {
  const parts = argument.trim().split(",");
  if (parts.length !== 6) return undefined;
  const numbers = parts.map((part) => (/^\d{1,3}$/.test(part.trim()) ? Number(part) : Number.NaN));
  if (numbers.some((value) => !(value >= 0 && value <= 255))) return undefined;
  const port = numbers[4]! * 256 + numbers[5]!;
  if (port === 0) return undefined;
  return { host: numbers.slice(0, 4).join("."), port };
}

/** Parses an EPRT argument `<d>proto<d>addr<d>port<d>`; undefined when malformed. */
export function parseEprtArgument(
  argument: string,
): { host: string; port: number; family: 4 | 6 } | { unsupported: true } | undefined {
  const text = argument.trim();
  if (text.length < 7) return undefined;
  const delimiter = text[0]!;
  if (delimiter.charCodeAt(0) < 33 || delimiter.charCodeAt(0) > 126) return undefined;
  const parts = text.split(delimiter);
  if (parts.length !== 5 || parts[0] !== "" || parts[4] !== "") return undefined;
  const [, proto, host, portText] = parts as [string, string, string, string, string];
  if (proto !== "1" && proto !== "2") return { unsupported: true };
  const family = proto === "1" ? 4 : 6;
  if (isIP(host) !== family) return undefined;
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { host, port, family };
}
