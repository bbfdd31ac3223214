import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { defineCommand } from "@ftp/server";
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "../src/index.js";
import { HOSTS, type Pair, startPair } from "./helpers/our-server.js";

const notImplemented = (name: string) =>
  defineCommand({
    name,
    syntax: name,
    help: "not here",
    async handler(session) {
      await session.reply(502, `'${name}' not implemented`);
    },
  });

async function sentCommands(fn: () => PromiseLike<unknown>): Promise<string[]> {
  const commands: string[] = [];
  const onCommand = (message: unknown) => commands.push((message as { command: string }).command);
  subscribe("ftp:client:command", onCommand);
  try {
    await fn();
  } finally {
    unsubscribe("ftp:client:command", onCommand);
  }
  return commands;
}

async function roundTrip(client: Client, name: string): Promise<string> {
  await client.uploadFrom(Buffer.from(`data of ${name}`), name);
  const down = await client.downloadStream(name);
  const chunks: Buffer[] = [];
  for await (const chunk of down) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

describe.each(HOSTS)("data connections against @ftp/server over %s", (host) => {
  let pair: Pair | undefined;

  afterEach(async () => {
    await pair?.close();
  });

  it("falls back from EPSV to PASV on 502 and remembers it", async () => {
    if (host.includes(":")) return; // PASV is IPv4 only
    pair = await startPair(host, { commands: [notImplemented("EPSV")] });
    const client = await pair.client();
    const first = await sentCommands(() => roundTrip(client, "a.txt"));
    expect(first.filter((line) => line === "EPSV")).toHaveLength(1);
    expect(first.filter((line) => line === "PASV")).toHaveLength(2);
    const second = await sentCommands(() => client.list());
    expect(second).not.toContain("EPSV");
    expect(second).toContain("PASV");
  });

  it("fails with the server's 502 when the only passive command is refused", async () => {
    pair = await startPair(host, { commands: [notImplemented("EPSV")] });
    const client = await pair.client({ passiveCommands: ["epsv"] });
    await expect(client.list()).rejects.toMatchObject({
      receivedCodes: [expect.objectContaining({ value: "502" })],
    });
    expect(await client.getCurrentDirectory()).toBe("/");
  });

  it.each([
    ["epsv"],
    ["pasv"],
  ] as const)("works with passiveCommands [%s] where the server allows it", async (name) => {
    pair = await startPair(host);
    const client = await pair.client({ passiveCommands: [name] });
    if (name === "pasv" && host.includes(":")) {
      await expect(client.list()).rejects.toMatchObject({ code: "ERR_FTP_STATUS" });
      return;
    }
    expect(await roundTrip(client, "p.txt")).toBe("data of p.txt");
  });

  it("connects to the control host when PASV names another address", async () => {
    if (host.includes(":")) return; // PASV is IPv4 only
    pair = await startPair(host, { ipv4PasvForcedResponseAddress: "10.255.255.1" });
    const client = await pair.client({ passiveCommands: ["pasv"] });
    expect(await roundTrip(client, "nat.txt")).toBe("data of nat.txt");
  });

  it("uses active mode with EPRT (and PORT over IPv4) in a port range", async () => {
    pair = await startPair(host);
    const commands = host.includes(":") ? (["eprt"] as const) : (["port", "eprt"] as const);
    const client = await pair.client({
      passiveCommands: [],
      activeCommands: commands,
      activePortRange: [40000, 40100],
    });
    const sent = await sentCommands(() => roundTrip(client, "act.txt"));
    expect(sent.some((line) => /^(EPRT|PORT) /.test(line))).toBe(true);
    const port = sent.find((line) => line.startsWith("EPRT") || line.startsWith("PORT")) as string;
    const number = port.startsWith("EPRT")
      ? Number(port.split("|")[3])
      : Number(port.split(",")[4]) * 256 + Number(port.split(",")[5]);
    expect(number).toBeGreaterThanOrEqual(40000);
    expect(number).toBeLessThanOrEqual(40100);
  });
});
