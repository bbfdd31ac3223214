import { AddressParseError } from "./errors.js";

/** A host and port of a data connection. */
export interface HostPort {
  /** IPv4 dotted quad or IPv6 text. */
  host: string;
  /** TCP port, 1-65535. */
  port: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** True for a dotted-quad IPv4 address (`"127.0.0.1"`), each part 0-255, no leading zeros. */
export function isIPv4(host: string): boolean {
  const m = IPV4.exec(host);
  if (m === null) return false;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (Number(part) > 255 || (part.length > 1 && part.startsWith("0"))) return false;
  }
  return true;
}

/** True for an IPv6 address in text form (`"::1"`, `"fe80::1%eth0"`, `"::ffff:1.2.3.4"`). */
export function isIPv6(host: string): boolean {
  let text = host;
  const zone = text.indexOf("%");
  if (zone !== -1) {
    if (zone === text.length - 1) return false;
    text = text.slice(0, zone);
  }
  let groups = 8;
  const last = text.lastIndexOf(":");
  if (last !== -1 && text.includes(".", last)) {
    if (!isIPv4(text.slice(last + 1))) return false;
    text = `${text.slice(0, last + 1)}0`;
    groups = 7;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const parts = (s: string): string[] | undefined => {
    if (s === "") return [];
    const list = s.split(":");
    return list.every((g) => HEX_GROUP.test(g)) ? list : undefined;
  };
  const head = parts(halves[0] as string);
  if (head === undefined) return false;
  if (halves.length === 1) return head.length === groups;
  const tail = parts(halves[1] as string);
  if (tail === undefined) return false;
  return head.length + tail.length < groups;
}

/** `"::ffff:1.2.3.4"` (an IPv4-mapped IPv6 address) becomes `"1.2.3.4"`; others unchanged. */
export function unmapIPv4(host: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(host);
  return m !== null && isIPv4(m[1] as string) ? (m[1] as string) : host;
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new AddressParseError(text, `Invalid port ${port} in ${JSON.stringify(text)}`);
  return port;
}

function sixNumbers(text: string, numbers: string[]): HostPort {
  const bytes = numbers.map(Number);
  if (bytes.some((b) => b > 255))
    throw new AddressParseError(text, `Address byte over 255 in ${JSON.stringify(text)}`);
  const [h1, h2, h3, h4, p1, p2] = bytes as [number, number, number, number, number, number];
  return { host: `${h1}.${h2}.${h3}.${h4}`, port: checkPort(p1 * 256 + p2, text) };
}

const SIX = /(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3})/;
const SIX_IN_PARENS =
  /\( *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *, *(\d{1,3}) *\)/;

/**
 * Reads host and port from a `227` reply text, with or without the code, with or without
 * parentheses and with any surrounding text: `"Entering Passive Mode (192,168,1,2,4,1)."`,
 * `"227 Entering Passive Mode 192,168,1,2,4,1"`, `"=192,168,1,2,4,1"`.
 * @throws {AddressParseError}
 */
export function parsePasvResponse(text: string): HostPort {
  const m = SIX_IN_PARENS.exec(text) ?? SIX.exec(text);
  if (m === null) throw new AddressParseError(text, "No h1,h2,h3,h4,p1,p2 in PASV reply");
  return sixNumbers(text, m.slice(1, 7));
}

const EPSV = /\((.)\1\1(\d+)\1\)/g;

/**
 * Reads the port from a `229` reply text: `"Entering Extended Passive Mode (|||6446|)"`. Any
 * delimiter character is accepted (`(!!!6446!)`); when several groups match, the last wins.
 * @throws {AddressParseError}
 */
export function parseEpsvResponse(text: string): { port: number } {
  let port: string | undefined;
  for (const m of text.matchAll(EPSV)) port = m[2];
  if (port === undefined) throw new AddressParseError(text, "No (|||port|) in EPSV reply");
  return { port: checkPort(Number(port), text) };
}

function ipv4Bytes(host: string): string {
  const plain = unmapIPv4(host);
  if (!isIPv4(plain))
    throw new AddressParseError(
      host,
      `PASV/PORT need an IPv4 address, got ${JSON.stringify(host)}`,
    );
  return plain.replaceAll(".", ",");
}

function portBytes(port: number): string {
  checkPort(port, String(port));
  return `${port >> 8},${port & 255}`;
}

/** The text of a `227` reply: `"Entering Passive Mode (h1,h2,h3,h4,p1,p2)."` (IPv4 only). */
export function formatPasv(host: string, port: number): string {
  return `Entering Passive Mode (${ipv4Bytes(host)},${portBytes(port)}).`;
}

/** The text of a `229` reply: `"Entering Extended Passive Mode (|||port|)"`. */
export function formatEpsv(port: number): string {
  return `Entering Extended Passive Mode (|||${checkPort(port, String(port))}|)`;
}

/**
 * Parses a `PORT` argument `"h1,h2,h3,h4,p1,p2"` (surrounding spaces allowed).
 * @throws {AddressParseError}
 */
export function parsePort(argument: string): HostPort {
  const m = /^\s*(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})\s*$/.exec(argument);
  if (m === null) throw new AddressParseError(argument, "PORT argument is not h1,h2,h3,h4,p1,p2");
  return sixNumbers(argument, m.slice(1, 7));
}

/** Formats a `PORT` argument `"h1,h2,h3,h4,p1,p2"` (IPv4 or IPv4-mapped IPv6 only). */
export function formatPort(host: string, port: number): string {
  return `${ipv4Bytes(host)},${portBytes(port)}`;
}

/**
 * Parses an `EPRT` argument (RFC 2428): `"|1|132.235.1.2|6275|"` or
 * `"|2|1080::8:800:200C:417A|5282|"`; the delimiter is whatever the first character is.
 * @throws {AddressParseError}
 */
export function parseEprt(argument: string): HostPort & { family: 4 | 6 } {
  const text = argument.trim();
  const d = text.charAt(0);
  const code = d.charCodeAt(0);
  const fields = text.split(d);
  // "" proto host port "" → 5 fields
  if (code < 33 || code > 126 || fields.length !== 5 || fields[0] !== "" || fields[4] !== "")
    throw new AddressParseError(argument, "EPRT argument is not |proto|host|port|");
  const [, proto, host, port] = fields as [string, string, string, string, string];
  if (!/^\d{1,5}$/.test(port)) throw new AddressParseError(argument, "EPRT port is not a number");
  if (proto === "1" && isIPv4(host))
    return { host, port: checkPort(Number(port), argument), family: 4 };
  if (proto === "2" && isIPv6(host))
    return { host, port: checkPort(Number(port), argument), family: 6 };
  throw new AddressParseError(argument, `EPRT protocol ${proto} does not fit host ${host}`);
}

/** Formats an `EPRT` argument: `"|1|h|port|"` for IPv4 (also IPv4-mapped), `"|2|h|port|"` for IPv6. */
export function formatEprt(host: string, port: number): string {
  checkPort(port, String(port));
  const plain = unmapIPv4(host);
  if (isIPv4(plain)) return `|1|${plain}|${port}|`;
  if (isIPv6(host)) return `|2|${host}|${port}|`;
  throw new AddressParseError(host, `Not an IP address: ${JSON.stringify(host)}`);
}
