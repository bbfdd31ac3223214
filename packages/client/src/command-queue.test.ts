import { describe, expect, it } from "vitest";
import { CommandQueue } from "./command-queue.js";

describe("CommandQueue", () => {
  it("grants the queue in the order it was asked for", async () => {
    const queue = new CommandQueue();
    const order: number[] = [];
    const runs = [1, 2, 3].map(async (n) => {
      const release = await queue.acquire();
      order.push(n);
      await new Promise((resolve) => setTimeout(resolve, 5));
      release();
    });
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3]);
    expect(queue.busy).toBe(false);
  });

  it("drops a waiter whose signal fires, without running it", async () => {
    const queue = new CommandQueue();
    const release = await queue.acquire();
    const controller = new AbortController();
    const waiting = queue.acquire(controller.signal);
    const next = queue.acquire();
    expect(queue.waiting).toBe(2);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "ERR_FTP_ABORTED" });
    expect(queue.waiting).toBe(1);
    release();
    release();
    const releaseNext = await next;
    expect(queue.busy).toBe(true);
    releaseNext();
    expect(queue.busy).toBe(false);
  });

  it("rejects every waiter on rejectAll", async () => {
    const queue = new CommandQueue();
    await queue.acquire();
    const waiting = queue.acquire();
    queue.rejectAll(new Error("closed"));
    await expect(waiting).rejects.toThrow("closed");
  });
});
