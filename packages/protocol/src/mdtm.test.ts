import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReplyParseError } from "./errors.js";
import { formatMdtmTime, parseMdtmTime } from "./mdtm.js";

describe("MDTM / MFMT times", () => {
  it("formats UTC, optionally with milliseconds", () => {
    const date = new Date(Date.UTC(2024, 1, 29, 13, 37, 29, 45));
    expect(formatMdtmTime(date)).toBe("20240229133729");
    expect(formatMdtmTime(date, { milliseconds: true })).toBe("20240229133729.045");
    expect(() => formatMdtmTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it.each([
    ["20240229133729", "2024-02-29T13:37:29.000Z"],
    ["213 20270314150926", "2027-03-14T15:09:26.000Z"],
    ["20270314150926.5", "2027-03-14T15:09:26.500Z"],
    ["20270314150926.123456", "2027-03-14T15:09:26.123Z"],
    [" 00500101000000 ", "0050-01-01T00:00:00.000Z"],
  ])("parses %j", (text, iso) => {
    expect(parseMdtmTime(text).toISOString()).toBe(iso);
  });

  it.each([
    "2024022913372",
    "20230229133729",
    "20241301000000",
    "20240101250000",
    "2024-02-29",
    "x",
  ])("rejects %j", (text) => {
    expect(() => parseMdtmTime(text)).toThrow(ReplyParseError);
  });

  it("round-trips (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseMdtmTime(formatMdtmTime(date, { milliseconds: true })).getTime()).toBe(
            date.getTime(),
          );
        },
      ),
    );
  });
});
