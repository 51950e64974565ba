import pLimit, { type LimitFunction } from "p-limit";
import type { SignedClient } from "../client/client.ts";
import type { CredentialGate } from "./credentialGate.ts";
import { createPacer, type Pacer } from "./pacer.ts";

export interface ConcurrencyLimits {
  /** Requests in flight per provider family (cce, cce-autopilot, ack). */
  perProvider: number;
  /** Requests in flight per credential set: the gateways throttle per account. */
  perCredentialSet: number;
  /** Requests started per second per credential set, across every invocation of a run. */
  requestsPerSecond?: number | undefined;
  /** This invocation's share (0 to 1) of a credential set's rate, when shards share it. */
  shareOf?: ((credentialSet: string) => number) | undefined;
}

export const DEFAULT_LIMITS: ConcurrencyLimits = { perProvider: 64, perCredentialSet: 16 };

/**
 * Hands out clients that share per-provider and per-credential-set limits and the run's
 * credential gate, so adapters can fan out freely and still respect both. Once `deadline` fires,
 * no request starts and the ones in flight are cut (they reject with its reason).
 */
export class LimitedClients {
  private readonly providerLimits = new Map<string, LimitFunction>();
  private readonly credentialLimits = new Map<string, LimitFunction>();
  private readonly pacers = new Map<string, Pacer>();

  constructor(
    private readonly client: SignedClient,
    private readonly gate: CredentialGate,
    private readonly limits: ConcurrencyLimits = DEFAULT_LIMITS,
    private readonly deadline?: AbortSignal | undefined,
  ) {}

  for(provider: string, credentialSet: string): SignedClient {
    const byCredential = limitFor(
      this.credentialLimits,
      credentialSet,
      this.limits.perCredentialSet,
    );
    const byProvider = limitFor(this.providerLimits, provider, this.limits.perProvider);
    const pace = this.pacerFor(credentialSet);
    const deadline = this.deadline;
    return {
      request: (req, options = {}) =>
        this.gate.run(credentialSet, (firstAttempt) =>
          byCredential(async () => {
            await pace();
            return byProvider(() => {
              deadline?.throwIfAborted();
              const signals = [deadline, options.signal].filter((s) => s !== undefined);
              return this.client.request(req, {
                signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
                onAttempt: (info) => {
                  if (info.attempt === 1) firstAttempt(info.kind);
                  options.onAttempt?.(info);
                },
              });
            });
          }),
        ),
    };
  }

  private pacerFor(credentialSet: string): Pacer {
    const rate = this.limits.requestsPerSecond;
    if (rate === undefined) return async () => {};
    let pacer = this.pacers.get(credentialSet);
    if (!pacer) {
      pacer = createPacer(rate * (this.limits.shareOf?.(credentialSet) ?? 1));
      this.pacers.set(credentialSet, pacer);
    }
    return pacer;
  }
}

function limitFor(map: Map<string, LimitFunction>, key: string, n: number): LimitFunction {
  let limit = map.get(key);
  if (!limit) {
    limit = pLimit(n);
    map.set(key, limit);
  }
  return limit;
}
