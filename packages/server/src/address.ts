/** Strips the IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` → `1.2.3.4`) and lower-cases. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return "";
  const lower = address.toLowerCase();
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice(7) : lower;
}

/** True when two socket addresses name the same host. */
export function sameHost(a: string | undefined, b: string | undefined): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}
