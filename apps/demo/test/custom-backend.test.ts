import { describe, expect, it } from "vitest";
import { runCustomBackendExample } from "../src/examples/custom-backend.js";

describe("custom backend example", () => {
  it("serves one site read-only with dot-entries hidden", async () => {
    const report = await runCustomBackendExample();
    expect(report.rootListing).toEqual(["docs", "index.html"]);
    expect(report.index).toBe("<h1>Welcome</h1>\n");
    expect(report.hiddenFileCode).toBe("550");
    expect(report.uploadCode).toBe("550");
    expect(report.deleteCode).toBe("550");
    expect(report.escapeCode).toBe("550");
    expect(report.siteAfter).toEqual([".env", ".git", "docs", "index.html"]);
  });
});
