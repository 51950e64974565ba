import type { AttemptInfo } from "../client/client.ts";
import { ProviderError } from "../errors.ts";

type GateState =
  | { kind: "unproven"; probe: Promise<void> | undefined }
  | { kind: "proven" }
  | { kind: "refused"; error: ProviderError };

/** Tells the gate how the first HTTP attempt of a call ended (`AttemptInfo.kind`). */
export type FirstAttempt = (kind: AttemptInfo["kind"]) => void;

/**
 * One broken credential, one authentication attempt (DESIGN.md rule 6). The first request with
 * a credential set in a run goes alone, until its first HTTP attempt answers or times out; the
 * rest wait for that, not for the client's retries of it. Once a key is refused, every later
 * request with it fails at once without reaching the cloud: Huawei locks a key after five failed
 * authentications in a row, and N clusters sharing a bad key must not lock it. Only `auth` (401,
 * or a key or signature code) closes the gate: a per-resource 403 (`permission`) fails that one
 * read and leaves the key's other clusters to be read.
 */
export class CredentialGate {
  private readonly states = new Map<string, GateState>();

  /**
   * Runs `call` under the gate of credential set `name`. `call` reports its first attempt's
   * outcome through the function it is given (the signed client's `onAttempt`); a call that
   * never reports releases the waiters when it settles.
   */
  async run<T>(name: string, call: (firstAttempt: FirstAttempt) => Promise<T>): Promise<T> {
    for (;;) {
      const state = this.states.get(name) ?? { kind: "unproven", probe: undefined };
      if (state.kind === "refused") throw refusedEarlier(state.error, name);
      if (state.kind === "proven") return this.observe(name, () => call(() => {}));
      if (state.probe) {
        await state.probe;
        continue;
      }
      let release!: () => void;
      this.states.set(name, { kind: "unproven", probe: new Promise((r) => (release = r)) });
      const firstAttempt: FirstAttempt = (kind) => {
        // A refusal is not retried, so the call rejects right after and `observe` shuts the gate
        // with the cloud's own error. Any other answer means the gateway took the key. A timeout
        // or network error proves nothing, but holding the others through the retries would
        // serialize a whole outage: the waiters go together, and the first refusal among them
        // still shuts the gate for the rest.
        if (kind === "auth") return;
        this.prove(name);
        release();
      };
      try {
        const result = await this.observe(name, () => call(firstAttempt));
        this.prove(name);
        return result;
      } catch (error) {
        // Any answer but an auth refusal proves the key, a permission refusal (a 403 for this
        // cluster or call) included: the gateway authenticated the key before it authorized it.
        this.prove(name);
        throw error;
      } finally {
        release();
      }
    }
  }

  /** The credential sets refused in this run, with the error that refused each. */
  refused(): Map<string, ProviderError> {
    const out = new Map<string, ProviderError>();
    for (const [name, s] of this.states) if (s.kind === "refused") out.set(name, s.error);
    return out;
  }

  /** Unproven becomes proven; a refusal stays. */
  private prove(name: string): void {
    if (this.states.get(name)?.kind === "unproven") this.states.set(name, { kind: "proven" });
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
