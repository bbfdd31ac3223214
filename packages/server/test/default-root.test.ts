import { MemoryPathIO, PrefixPathIO, ReadOnlyPathIO } from "@ftp/pathio";
import { afterEach, describe, expect, it } from "vitest";
import { get, startServer, type TestServer } from "./helpers/fixture.js";

// Regression: a wrapped non-disk backend used to get process.cwd() as the default root.
describe("default user root for wrapped backends", () => {
  let ts: TestServer | undefined;
  afterEach(async () => {
    await ts?.close();
    ts = undefined;
  });

  it("serves the backend's own root when a memory backend is wrapped", async () => {
    const state = new MemoryPathIO();
    await state.mkdir("/site");
    const handle = await state.open("/site/index.html", "wb");
    await handle.write(Buffer.from("<h1>hi</h1>"));
    await handle.close();
    ts = await startServer("127.0.0.1", {
      pathIoFactory: () => new ReadOnlyPathIO(new PrefixPathIO(state, "/site")),
    });
    const client = await ts.login();
    expect((await client.command("PWD")).text).toBe('"/" is the current directory.');
    expect((await get(client, "index.html")).toString()).toBe("<h1>hi</h1>");
    expect((await client.command("DELE index.html")).code).toBe(550);
  });
});
