import { AsyncPathIO } from "./async-pathio.js";
import { MemoryPathIO } from "./memory/memory-pathio.js";
import { ReadOnlyPathIO } from "./read-only-pathio.js";
import { PathIO } from "./sync-pathio.js";
import { runPathIOContract, tempDirSubject } from "./testing/index.js";

/** Past 32-bit offsets; the disk test files are sparse, so this costs no space. */
const hugeOffset = 5 * 1024 ** 3;

runPathIOContract("AsyncPathIO", () => tempDirSubject(new AsyncPathIO()), { hugeOffset });

runPathIOContract("PathIO", () => tempDirSubject(new PathIO()), { hugeOffset });

runPathIOContract("MemoryPathIO at /", () => ({ pathio: new MemoryPathIO(), root: "/" }));

runPathIOContract("MemoryPathIO in a subdirectory", async () => {
  const pathio = new MemoryPathIO();
  await pathio.mkdir("/srv/ftp", { parents: true });
  return { pathio, root: "/srv/ftp" };
});

runPathIOContract(
  "ReadOnlyPathIO over AsyncPathIO",
  () => tempDirSubject(new AsyncPathIO(), { wrap: (disk) => new ReadOnlyPathIO(disk) }),
  { readOnly: true },
);

runPathIOContract(
  "ReadOnlyPathIO over MemoryPathIO",
  () => {
    const fixtures = new MemoryPathIO();
    return { pathio: new ReadOnlyPathIO(fixtures), fixtures, root: "/" };
  },
  { readOnly: true },
);
