import { ProviderError } from "../client/errors.ts";

type GateState =
  | { kind: "unproven"; probe: Promise<void> | undefined }
  | { kind: "proven" }
  | { kind: "refused"; error: ProviderError };

/**
 * One broken credential, one authentication attempt (DESIGN.md rule 6). The first request
 * with a credential set in a run goes alone; the rest wait until it proves the key works.
 * Once a key is refused, every later request with it fails at once without reaching the
 * cloud: Huawei locks a key after five failed authentications in a row, and N clusters
 * sharing a bad key must not lock it. Only `auth` (401, or a key or signature code) closes the
 * gate: a per-resource 403 (`permission`) fails that one read and leaves the key's other
 * clusters to be read.
 */
export class CredentialGate {
  private readonly states = new Map<string, GateState>();

  async run<T>(name: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      const state = this.states.get(name) ?? { kind: "unproven", probe: undefined };
      if (state.kind === "refused") throw refusedEarlier(state.error, name);
      if (state.kind === "proven") return this.observe(name, call);
      if (state.probe) {
        await state.probe;
        continue;
      }
      let done!: () => void;
      this.states.set(name, { kind: "unproven", probe: new Promise((r) => (done = r)) });
      try {
        const result = await this.observe(name, call);
        this.states.set(name, { kind: "proven" });
        return result;
      } catch (error) {
        // Any answer but an auth refusal means the gateway took the key: it is proven. A
        // permission refusal (a 403 for this cluster or this call) proves it too: the gateway
        // authenticated the key before it authorized the call. A
        // timeout or a network error proves nothing, but waiting for one probe at a time would
        // serialize a whole outage; the waiters go together, and the first refusal still shuts
        // the gate for the rest.
        if (this.states.get(name)?.kind === "unproven") this.states.set(name, { kind: "proven" });
        throw error;
      } finally {
        done();
      }
    }
  }

  /** The credential sets refused in this run, with the error that refused each. */
  refused(): Map<string, ProviderError> {
    const out = new Map<string, ProviderError>();
    for (const [name, s] of this.states) if (s.kind === "refused") out.set(name, s.error);
    return out;
  }

  private async observe<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "auth") {
        this.states.set(name, { kind: "refused", error });
      }
      throw error;
    }
  }
}

function refusedEarlier(original: ProviderError, name: string): ProviderError {
  return new ProviderError({
    cloud: original.cloud,
    operation: original.operation,
    kind: "auth",
    status: original.status,
    code: original.code,
    providerMessage: `not sent: credential set '${name}' was refused earlier in this run (${original.code ?? original.status ?? "auth"})`,
    requestId: original.requestId,
    attempts: 0,
  });
}
