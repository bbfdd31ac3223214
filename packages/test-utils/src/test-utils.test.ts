import type net from "node:net";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { generateCertificate, hasCommand, openSocketCount, waitForSockets } from "./index.js";

describe("test-utils", () => {
  it("generates a certificate that a TLS handshake over loopback accepts", async () => {
    const { key, cert } = await generateCertificate();
    expect(key).toMatch(/PRIVATE KEY/);
    const before = openSocketCount();
    const server = tls.createServer({ key, cert }, (socket) => socket.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port, ca: cert, servername: "localhost" });
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk;
      });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(text).toBe("hello");
    await new Promise((resolve) => server.close(resolve));
    expect(await waitForSockets(before)).toBe(before);
  });

  it("detects commands", () => {
    expect(hasCommand("sh")).toBe(true);
    expect(hasCommand("definitely-not-a-command-xyz")).toBe(false);
  });
});
