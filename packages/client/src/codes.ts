import { Code, type CodeLike } from "@ftp/protocol";

/** Expected codes for `StatusCodeError.expectedCodes`; masks such as `"2xx"` via `Code.mask`. */
export function codes(list: readonly CodeLike[]): Code[] {
  return list.map((item) => {
    if (typeof item !== "string") return item;
    if (/^[0-9]{3}$/.test(item)) return new Code(item);
    return Code.mask(item);
  });
}

/** True when `code` matches one of the codes or masks in `list`. */
export function matchesAny(code: Code, list: readonly CodeLike[]): boolean {
  return list.some((mask) => code.matches(mask));
}
