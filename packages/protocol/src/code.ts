/** A mask such as `"2xx"` or `"50x"`, or a plain three-digit code. */
const CODE_RE = /^[0-9]{3}$/;
const MASK_RE = /^[0-9x]{3}$/i;

/**
 * A three-character FTP reply code. `matches` accepts masks with `x` as a wildcard digit,
 * so `new Code("226").matches("2xx")` is true.
 */
export class Code {
  /** The three digits, e.g. `"226"`. */
  readonly value: string;

  /** @throws {TypeError} unless `value` is exactly three digits. */
  constructor(value: string) {
    if (!CODE_RE.test(value))
      throw new TypeError(`Invalid FTP reply code: ${JSON.stringify(value)}`);
    this.value = value;
  }

  /**
   * A `Code` that stands for a mask such as `"2xx"`, e.g. for
   * `StatusCodeError.expectedCodes`. Only `matches`/`equals`/`toString` make sense on it.
   * @throws {TypeError} unless `mask` is three characters of digits and `x`.
   */
  static mask(mask: string): Code {
    if (!MASK_RE.test(mask))
      throw new TypeError(`Invalid reply code mask: ${JSON.stringify(mask)}`);
    const code = new Code("000");
    (code as { value: string }).value = mask.toLowerCase();
    return code;
  }

  /** True when this code is a mask (contains `x`), see {@link Code.mask}. */
  get isMask(): boolean {
    return this.value.includes("x");
  }

  /** True when every digit equals the mask's digit or the mask has `x` (or `X`) there. */
  matches(mask: string | Code): boolean {
    const text = typeof mask === "string" ? mask : mask.value;
    if (!MASK_RE.test(text))
      throw new TypeError(`Invalid reply code mask: ${JSON.stringify(text)}`);
    for (let i = 0; i < 3; i++) {
      const m = text[i] as string;
      if (m !== "x" && m !== "X" && m !== this.value[i]) return false;
    }
    return true;
  }

  /** True when both name the same code. */
  equals(other: string | Code): boolean {
    return this.value === (typeof other === "string" ? other : other.value);
  }

  /** The three digits. */
  toString(): string {
    return this.value;
  }

  /** The three digits, so replies serialise as `{"code":"226",...}`. */
  toJSON(): string {
    return this.value;
  }
}

/** A code given as a `Code` or as its string form (masks allowed where matching). */
export type CodeLike = Code | string;
