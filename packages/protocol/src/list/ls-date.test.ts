import { describe, expect, it } from "vitest";
import { formatLsDate, HALF_YEAR_MS, inferLsYear, monthIndex, parseLsDate } from "./ls-date.js";

const now = new Date(Date.UTC(2026, 10, 23, 20, 1));

describe("ls dates", () => {
  it("reads month names from a fixed table in any case", () => {
    expect(["jan", "FEB", "Mar", "dEc"].map(monthIndex)).toEqual([0, 1, 2, 11]);
    expect(monthIndex("Mär")).toBe(-1);
    expect(monthIndex("January")).toBe(-1);
  });

  it("infers years as aioftp: half a year either way of now", () => {
    expect(parseLsDate("Nov 23 08:15", { now })).toBe("20261123081500");
    expect(parseLsDate("Mar 14 15:09", { now })).toBe("20270314150900");
    // now - half a year = 2026-05-25T05:22Z
    expect(parseLsDate("May 26 00:00", { now })).toBe("20260526000000");
    expect(parseLsDate("May 24 00:00", { now })).toBe("20270524000000");
    const jan = new Date(Date.UTC(2026, 0, 2));
    expect(parseLsDate("Dec 30 10:00", { now: jan })).toBe("20251230100000");
  });

  it("places Feb 29 in a leap year near now", () => {
    expect(parseLsDate("Feb 29 13:37", { now })).toBe("20280229133700");
    expect(parseLsDate("Feb 29 13:37", { now: new Date(Date.UTC(2025, 0, 1)) })).toBe(
      "20240229133700",
    );
    expect(inferLsYear(1, 29, 0, 0, new Date(Date.UTC(2100, 5, 1))).getUTCFullYear()).toBe(2104);
  });

  it("reads dates with years and rejects impossible ones", () => {
    expect(parseLsDate("Feb 29  2024")).toBe("20240229000000");
    expect(parseLsDate("Jan 03 2018")).toBe("20180103000000");
    expect(parseLsDate("Feb 29  2023")).toBeUndefined();
    expect(parseLsDate("Apr 31  2023")).toBeUndefined();
    expect(parseLsDate("Apr 30 24:00", { now })).toBeUndefined();
    expect(parseLsDate("yesterday")).toBeUndefined();
  });

  it("formats recent dates with the time and others with the year", () => {
    expect(formatLsDate(new Date(Date.UTC(2026, 9, 5, 7, 8)), now)).toBe("Oct  5 07:08");
    expect(formatLsDate(new Date(Date.UTC(2027, 2, 14, 15, 9)), now)).toBe("Mar 14  2027");
    expect(formatLsDate(new Date(now.getTime() - HALF_YEAR_MS), now)).toBe("May 25  2026");
    expect(formatLsDate(now, now)).toBe("Nov 23 20:01");
  });

  it("round-trips formatted dates through the year inference", () => {
    for (let days = -400; days <= 400; days += 7) {
      const date = new Date(now.getTime() + days * 86_400_000);
      date.setUTCSeconds(0, 0);
      const parsed = parseLsDate(formatLsDate(date, now), { now });
      const recent = days <= 0 && days * -86_400_000 < HALF_YEAR_MS;
      const expected = new Date(
        recent ? date : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
      );
      expect(parsed, date.toISOString()).toBe(
        expected.toISOString().replace(/[-:T]/g, "").slice(0, 14),
      );
    }
  });
});
