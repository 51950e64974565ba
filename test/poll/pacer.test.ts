import { describe, expect, it } from "vitest";
import { createPacer } from "../../shared/poll/pacer.ts";

describe("the request pacer", () => {
  it("spaces requests to the rate, with no burst, on a clock passed in", async () => {
    let now = 1_000;
    const starts: number[] = [];
    const pace = createPacer(
      10,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    for (let i = 0; i < 5; i++) {
      await pace();
      starts.push(now);
    }
    expect(starts).toEqual([1_000, 1_100, 1_200, 1_300, 1_400]);
  });

  it("does not make a request wait that comes after a quiet spell", async () => {
    let now = 0;
    const waits: number[] = [];
    const pace = createPacer(
      4,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    await pace();
    now += 5_000;
    await pace();
    await pace();
    expect(waits).toEqual([250]);
  });
});
