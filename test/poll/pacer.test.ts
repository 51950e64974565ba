import { describe, expect, it } from "vitest";
import { createPacer } from "../../shared/poll/pacer.ts";

/** Asks for `n` requests at once (the clock does not move) and returns when each may start. */
async function startTimes(perSecond: number, n: number): Promise<number[]> {
  const starts: number[] = [];
  let wait = 0;
  const pace = createPacer(
    perSecond,
    () => 0,
    async (ms) => {
      wait = ms;
    },
  );
  for (let i = 0; i < n; i++) {
    wait = 0;
    await pace();
    starts.push(wait);
  }
  return starts;
}

describe("the request pacer", () => {
  it("lets a quarter second's worth start at once, then one per 1/rate", async () => {
    // 20 a second: a burst of 5, then one every 50 ms.
    expect(await startTimes(20, 8)).toEqual([0, 0, 0, 0, 0, 50, 100, 150]);
  });

  it("sets no timer while requests stay under the rate", async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pace = createPacer(
      10,
      () => now,
      async (ms) => {
        sleeps.push(ms);
      },
    );
    for (let i = 0; i < 20; i++) {
      await pace();
      now += 100;
    }
    expect(sleeps).toEqual([]);
  });

  it("refills after a quiet spell, but never beyond the burst", async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pace = createPacer(
      4,
      () => now,
      async (ms) => {
        sleeps.push(ms);
      },
    );
    await pace();
    now += 60_000;
    await pace();
    await pace();
    expect(sleeps).toEqual([250]);
  });
});
