import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@ftp/client";
import { afterEach, describe, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";
import { startEmbeddedServer } from "../src/embedded-server.js";
import { ProgressDisplay } from "../src/progress-display.js";
import { runTour, TourStepError } from "../src/tour.js";
import { Capture } from "./capture.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("demo", () => {
  it("runs the whole tour, FTPS included, and exits 0", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runDemo(["--size", "1"], { stdout, stderr });
    expect(stderr.text).toBe("");
    expect(code).toBe(0);
    for (const step of [
      "✓ login",
      "✓ upload",
      "✓ list (MLSD)",
      "✓ download, interrupted",
      "✓ download, resumed",
      "✓ verify SHA-256",
      "✓ rename",
      "✓ remove",
      "✓ connect + AUTH TLS",
      "✓ download (TLS) + SHA-256",
    ])
      expect(stdout.text).toContain(step);
    expect(stdout.text).toMatch(/All \d+ steps passed/);
    expect(stdout.text).toMatch(/REST \d+: only the missing/);
  });

  it("skips FTPS with --no-tls", async () => {
    const stdout = new Capture();
    const code = await runDemo(["--size", "0.25", "--no-tls"], { stdout, stderr: new Capture() });
    expect(code).toBe(0);
    expect(stdout.text).not.toContain("AUTH TLS");
    expect(stdout.text).toContain("FTPS skipped");
  });

  it("serves a directory with --root and leaves it as it was", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "demo-root-"));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const stdout = new Capture();
    const code = await runDemo(["--root", root, "--size", "0.5", "--no-tls"], {
      stdout,
      stderr: new Capture(),
    });
    expect(code).toBe(0);
    expect(stdout.text).toContain(root);
    expect(await readdir(root)).toEqual([]);
  });

  it("keeps serving with --serve until stopped, printing how to connect", async () => {
    const stdout = new Capture();
    const controller = new AbortController();
    let listing: string[] = [];
    const done = runDemo(["--serve", "--skip-tour", "--user", "alice", "--password", "pw1"], {
      stdout,
      stderr: new Capture(),
      signal: controller.signal,
      onListening: (server) => {
        void (async () => {
          const client = new Client();
          try {
            await client.connect(server.host, server.port);
            await client.login("alice", "pw1");
            await client.uploadFrom(Buffer.from("hi"), "/hello.txt");
            listing = (await client.list("/")).map(([name]) => name);
            await client.quit();
          } finally {
            client.close();
            // wait for the connect info, then stop
            const wait = () =>
              stdout.text.includes("Try:") ? controller.abort() : setTimeout(wait, 10);
            wait();
          }
        })();
      },
    });
    expect(await done).toBe(0);
    expect(listing).toEqual(["/hello.txt"]);
    expect(stdout.text).toMatch(/URL +ftp:\/\/alice:pw1@127\.0\.0\.1:\d+\//);
    expect(stdout.text).toMatch(/curl -u 'alice:pw1' ftp:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout.text).toContain("lftp");
    expect(stdout.text).toContain("Stopping the server.");
  });

  it("exits 2 on a bad option and 1 when it cannot serve", async () => {
    const stderr = new Capture();
    expect(await runDemo(["--bogus"], { stdout: new Capture(), stderr })).toBe(2);
    expect(stderr.text).toContain("Usage:");
    const missing = new Capture();
    const code = await runDemo(["--root", "/definitely/not/here", "--no-tls"], {
      stdout: new Capture(),
      stderr: missing,
    });
    expect(code).toBe(1);
    expect(missing.text).toContain("cannot serve /definitely/not/here");
  });

  it("names the step that failed", async () => {
    const server = await startEmbeddedServer({ readOnly: true });
    cleanups.push(() => server.close());
    const out = new Capture();
    const tour = runTour({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      size: 1024,
      out,
      progress: new ProgressDisplay(out),
    });
    await expect(tour).rejects.toBeInstanceOf(TourStepError);
    await expect(tour).rejects.toMatchObject({ step: "make directory" });
    expect(out.text).toContain("✗ make directory");
  });
});
