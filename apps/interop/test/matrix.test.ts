import { describe, expect, it } from "vitest";
import { renderMatrix } from "./matrix-setup.js";

describe("interop matrix rendering", () => {
  it("shows every peer and scenario, skips and failures with their reasons, and unrun cells", () => {
    const text = renderMatrix([
      { peer: "server <- curl", scenario: "login", outcome: "pass" },
      { peer: "server <- curl", scenario: "ftps", outcome: "known-bug", note: "server: 451" },
      {
        peer: "server <- lftp",
        scenario: "login",
        outcome: "skip",
        note: "/usr/bin/lftp not found",
      },
      { peer: "client -> vsftpd", scenario: "ipv6", outcome: "fail", note: "timeout" },
    ]);
    const rows = text.split("\n");
    const row = (peer: string) =>
      (rows.find((line) => line.startsWith(`| ${peer} `)) ?? "")
        .split("|")
        .map((cell) => cell.trim());
    expect(
      rows.some((line) =>
        /^\| peer\s+\| login \| dirs \| binary \| resume \| listings \| PASV \| EPSV \| active \| IPv6 \| FTPS \|$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(row("server <- curl").slice(1, -1)).toEqual([
      "server <- curl",
      "pass",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "bug",
    ]);
    expect(row("server <- lftp")[2]).toBe("skip");
    expect(row("client -> vsftpd")[10]).toBe("FAIL");
    expect(
      row("client -> pyftpdlib")
        .slice(2, -1)
        .every((cell) => cell === "-"),
    ).toBe(true);
    expect(text).toContain("1 pass, 1 FAIL, 1 skip, 1 bug");
    expect(text).toContain("skip  server <- lftp × login: /usr/bin/lftp not found");
    expect(text).toContain("FAIL  client -> vsftpd × ipv6: timeout");
    expect(text).not.toContain("pass  server <- curl × login");
  });
});
