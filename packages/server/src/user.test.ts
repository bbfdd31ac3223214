import { PathIsNotAbsoluteError } from "@ftp/protocol";
import { describe, expect, it } from "vitest";
import { MemoryUserManager } from "./memory-user-manager.js";
import { Permission } from "./permission.js";
import { User } from "./user.js";
import { GetUserResponse } from "./user-manager.js";

describe("User", () => {
  it("refuses a relative home path", () => {
    expect(() => new User({ homePath: "home" })).toThrow(PathIsNotAbsoluteError);
    expect(new User({ homePath: "/home" }).homePath).toBe("/home");
  });

  it("checks every permission, nearest ancestor first (aioftp checked only the first)", async () => {
    const user = new User({
      permissions: [new Permission("/", { writable: false }), new Permission("/foo")],
    });
    expect((await user.getPermissions("/foo/a")).writable).toBe(true);
    expect((await user.getPermissions("/a")).writable).toBe(false);
  });

  it("validates limits", () => {
    expect(() => new User({ maximumConnections: 0 })).toThrow(RangeError);
    expect(() => new User({ readSpeedLimit: -1 })).toThrow(RangeError);
  });
});

describe("MemoryUserManager", () => {
  it("prefers an exact login, else the anonymous catch-all", async () => {
    const alice = new User({ login: "alice", password: "secret" });
    const anon = new User();
    const manager = new MemoryUserManager([anon, alice]);
    expect((await manager.getUser("alice")).user).toBe(alice);
    expect((await manager.getUser("alice")).status).toBe(GetUserResponse.PASSWORD_REQUIRED);
    expect((await manager.getUser("bob")).user).toBe(anon);
    expect((await manager.getUser("bob")).status).toBe(GetUserResponse.OK);
  });

  it("refuses unknown users when there is no catch-all", async () => {
    const manager = new MemoryUserManager([new User({ login: "alice" })]);
    expect((await manager.getUser("bob")).status).toBe(GetUserResponse.ERROR);
    expect((await manager.getUser("alice")).status).toBe(GetUserResponse.OK);
  });

  it("authenticates and counts slots only when acquired", async () => {
    const alice = new User({ login: "alice", password: "secret", maximumConnections: 1 });
    const manager = new MemoryUserManager([alice]);
    expect(await manager.authenticate(alice, "wrong")).toBe(false);
    expect(await manager.authenticate(alice, "secre")).toBe(false);
    expect(await manager.authenticate(alice, "secret")).toBe(true);
    expect(manager.connectionsOf(alice)).toBe(0);
    expect((await manager.acquire(alice)).ok).toBe(true);
    const second = await manager.acquire(alice);
    expect(second.ok).toBe(false);
    await manager.notifyLogout(alice);
    expect((await manager.acquire(alice)).ok).toBe(true);
  });

  it("defaults to one anonymous user", async () => {
    const manager = new MemoryUserManager();
    expect(manager.users).toHaveLength(1);
    expect(manager.users[0]!.anonymous).toBe(true);
  });
});
