import { MemoryPathIO } from "@ftp/pathio";
import { hasIPv6Loopback } from "@ftp/test-utils";
import { afterEach, expect, it } from "vitest";
import { Server } from "../src/index.js";
import { put } from "./helpers/fixture.js";
import { RawClient } from "./helpers/raw-client.js";

const ipv6 = await hasIPv6Loopback();
let server: Server | undefined;
afterEach(async () => {
  await server?.close({ timeout: 100 });
  server = undefined;
});

it.skipIf(!ipv6)(
  "serves IPv4 clients (PASV and EPSV) when listening on all interfaces",
  async () => {
    server = new Server({ pathIoFactory: MemoryPathIO.factory() });
    const { port } = await server.start({ port: 0 });
    for (const host of ["127.0.0.1", "::1"]) {
      const client = await RawClient.connect(host, port);
      await client.login();
      await put(client, "f", host);
      expect((await client.transferIn("RETR f")).data.toString()).toBe(host);
      if (host === "127.0.0.1") {
        const { host: pasvHost, port: dataPort } = await client.pasv();
        expect(pasvHost).toBe("127.0.0.1");
        const data = await client.openData(dataPort);
        expect((await client.command("RETR f")).code).toBe(150);
        expect((await data.readAll()).toString()).toBe(host);
        expect((await client.read()).code).toBe(226);
      }
      client.close();
    }
  },
);
