import { describe, expect, it } from "vitest";
import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import { createSignedClient } from "../../shared/client/index.ts";

describe("one signed client per timeout", () => {
  it("keeps the client while the timeout stays, and makes a new one when it changes", () => {
    const clientFor = clientForTimeout();
    const first = clientFor(10_000);
    expect(clientFor(10_000)).toBe(first);
    const second = clientFor(5_000);
    expect(second).not.toBe(first);
    expect(clientFor(5_000)).toBe(second);
  });

  it("always uses a client passed in", () => {
    const given = createSignedClient();
    const clientFor = clientForTimeout(given);
    expect(clientFor(1_000)).toBe(given);
    expect(clientFor(2_000)).toBe(given);
  });
});
