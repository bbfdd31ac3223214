import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Client } from "../../src/index.js";

/**
 * What every server must survive with `pipelining: true`: 20 uploads and downloads, a listing,
 * a refused RETR (550) and a REST transfer, all in `dir` (created, then removed).
 */
export async function pipeliningScenario(client: Client, dir: string): Promise<void> {
  const files = Array.from({ length: 20 }, (_, i) => randomBytes(100 + i * 37));
  await client.makeDirectory(dir);
  for (const [i, data] of files.entries()) await client.uploadFrom(data, `${dir}/f${i}.bin`);
  for (const [i, data] of files.entries()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadStream(`${dir}/f${i}.bin`)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  }
  expect((await client.list(dir)).length).toBe(20);
  await expect(client.downloadStream(`${dir}/none.bin`)).rejects.toMatchObject({
    receivedCodes: [expect.objectContaining({ value: "550" })],
  });
  const tail: Buffer[] = [];
  for await (const chunk of await client.downloadStream(`${dir}/f19.bin`, { offset: 10 }))
    tail.push(chunk);
  expect(Buffer.concat(tail).equals(files[19]?.subarray(10) ?? Buffer.alloc(0))).toBe(true);
  await client.remove(dir);
}
