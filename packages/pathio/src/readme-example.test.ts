// The custom-backend example of README.md, kept runnable here: keep the two in sync.
import { describe, expect, it } from "vitest";
import { MemoryPathIO, type OpenMode, ReadOnlyPathIO, VirtualRoot } from "./index.js";
import { runPathIOContract } from "./testing/index.js";

/** An in-memory backend that records every change, e.g. for an audit log. */
class AuditedPathIO extends MemoryPathIO {
  readonly events: string[] = [];

  override async open(path: string, mode: OpenMode) {
    const handle = await super.open(path, mode);
    if (mode !== "rb") this.events.push(`write ${path}`);
    return handle;
  }

  override async unlink(path: string) {
    await super.unlink(path);
    this.events.push(`unlink ${path}`);
  }
}

// The whole behavioural suite, against a fresh backend per scenario.
runPathIOContract("AuditedPathIO", () => ({ pathio: new AuditedPathIO(), root: "/" }));

// A read-only backend: write scenarios become "fails with permission" checks; fixtures
// are written through the inner backend.
runPathIOContract(
  "ReadOnlyPathIO over MemoryPathIO (README)",
  () => {
    const inner = new MemoryPathIO();
    return { pathio: new ReadOnlyPathIO(inner), fixtures: inner, root: "/" };
  },
  { readOnly: true },
);

describe("README example", () => {
  it("records writes and maps user paths under a root", async () => {
    const pathio = new AuditedPathIO();
    await pathio.mkdir("/srv/ftp", { parents: true });
    const root = new VirtualRoot(pathio, "/srv/ftp");
    const { virtual, real } = await root.resolve("/docs", "../../notes.txt");
    expect(virtual).toBe("/notes.txt");
    expect(real).toBe("/srv/ftp/notes.txt");
    await using file = await pathio.open(real, "wb");
    await file.write(Buffer.from("hello"));
    expect(pathio.events).toEqual(["write /srv/ftp/notes.txt"]);
  });
});
