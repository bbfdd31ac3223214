import { describe, expect, it } from "vitest";
import { Permission, resolvePermission } from "./permission.js";

describe("Permission", () => {
  it("is a parent of itself and of paths below it only", () => {
    const permission = new Permission("/foo");
    expect(permission.isParent("/foo")).toBe(true);
    expect(permission.isParent("/foo/bar")).toBe(true);
    expect(permission.isParent("/foobar")).toBe(false);
    expect(permission.isParent("/")).toBe(false);
    expect(new Permission().isParent("/anything")).toBe(true);
  });

  it("resolves by the nearest ancestor, whatever the order", () => {
    const list = [
      new Permission("/foo", { writable: true }),
      new Permission("/", { writable: false }),
    ];
    expect(resolvePermission(list, "/foo/x").writable).toBe(true);
    expect(resolvePermission(list, "/bar").writable).toBe(false);
    expect(resolvePermission([...list].reverse(), "/foo/x").writable).toBe(true);
    const deeper = [...list, new Permission("/foo/ro", { writable: false, readable: true })];
    expect(resolvePermission(deeper, "/foo/ro/a").writable).toBe(false);
    expect(resolvePermission(deeper, "/foo/rope").writable).toBe(true);
  });

  it("defaults to full access when nothing matches", () => {
    const permission = resolvePermission([new Permission("/x", { readable: false })], "/y");
    expect(permission.readable).toBe(true);
    expect(permission.writable).toBe(true);
  });

  it("normalises paths", () => {
    expect(new Permission("foo/../bar/").path).toBe("/bar");
  });
});
