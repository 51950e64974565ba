import { describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/errors.ts";
import { CredentialGate } from "../../shared/poll/credentialGate.ts";

const refused = () =>
  new ProviderError({
    cloud: "huawei",
    operation: "List",
    kind: "auth",
    status: 401,
    code: "APIG.0301",
  });
const serverError = () =>
  new ProviderError({ cloud: "huawei", operation: "List", kind: "server", status: 503 });
const timeout = () => new ProviderError({ cloud: "huawei", operation: "List", kind: "timeout" });

/** A call that settles when the test says, so the order of events is the test's, not timing's. */
function deferred<T>() {
  let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle };
}

describe("the credential gate", () => {
  it("sends one request with an unproven key, and none after the cloud refuses it", async () => {
    const gate = new CredentialGate();
    const first = deferred<string>();
    let calls = 0;
    const call = () => {
      calls++;
      return first.promise;
    };
    const all = Array.from({ length: 6 }, () => gate.run("k", call).catch((e: ProviderError) => e));
    await Promise.resolve();
    expect(calls).toBe(1);
    first.reject(refused());
    const results = await Promise.all(all);
    expect(calls).toBe(1);
    expect(results.every((r) => r instanceof ProviderError && r.kind === "auth")).toBe(true);
    expect(gate.refused().get("k")?.code).toBe("APIG.0301");
  });

  it("lets the waiters go together once the key got any other answer", async () => {
    const gate = new CredentialGate();
    const first = deferred<string>();
    const later: ReturnType<typeof deferred<string>>[] = [];
    let calls = 0;
    const call = () => {
      calls++;
      if (calls === 1) return first.promise;
      const d = deferred<string>();
      later.push(d);
      return d.promise;
    };
    const all = Array.from({ length: 5 }, () => gate.run("k", call).catch((e: ProviderError) => e));
    first.reject(serverError());
    for (let i = 0; i < 5; i++) await Promise.resolve();
    // The other four are in flight at once, not one after another.
    expect(calls).toBe(5);
    for (const d of later) d.resolve("ok");
    const results = await Promise.all(all);
    expect(results.filter((r) => r === "ok")).toHaveLength(4);
  });

  it("does not serialize an outage: after a timeout the waiters go together", async () => {
    const gate = new CredentialGate();
    let calls = 0;
    const call = async () => {
      calls++;
      throw timeout();
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => gate.run("k", call).catch((e: ProviderError) => e.kind)),
    );
    expect(results).toEqual(["timeout", "timeout", "timeout", "timeout"]);
    expect(calls).toBe(4);
    expect(gate.refused().size).toBe(0);
  });

  it("lets the waiters go when the first attempt times out, before the call's own retries end", async () => {
    const gate = new CredentialGate();
    const probe = deferred<string>();
    let calls = 0;
    const results = Array.from({ length: 4 }, () =>
      gate.run("k", async (firstAttempt) => {
        calls++;
        if (calls > 1) return "read";
        // The first attempt timed out; the client is retrying, and the call has not settled.
        firstAttempt("timeout");
        return probe.promise;
      }),
    );
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(calls).toBe(4);
    expect(await Promise.all(results.slice(1))).toEqual(["read", "read", "read"]);
    probe.resolve("read at last");
    expect(await results[0]).toBe("read at last");
  });

  it("holds the waiters on a refused first attempt until the refusal shuts the gate", async () => {
    const gate = new CredentialGate();
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        gate
          .run("k", async (firstAttempt) => {
            calls++;
            firstAttempt("auth");
            throw refused();
          })
          .catch((e: ProviderError) => e.providerMessage ?? e.kind),
      ),
    );
    expect(calls).toBe(1);
    expect(results.slice(1)).toEqual([
      "not sent: credential set 'k' was refused earlier in this run (APIG.0301)",
      "not sent: credential set 'k' was refused earlier in this run (APIG.0301)",
    ]);
  });
});
