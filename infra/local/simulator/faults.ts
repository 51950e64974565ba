import type { Provider } from "../../../shared/model/cluster.ts";
import type { Fault } from "./scenarioSchema.ts";

export interface FaultContext {
  operation: string;
  provider: Provider;
  clusterId: string | null;
}

/** A scenario fault plus how many times it has fired, for `count` faults and for reports. */
interface ArmedFault {
  fault: Fault;
  fired: number;
}

/**
 * Decides which faults hit a request. Rules are checked in order; `latency` adds to whatever
 * follows, any other kind ends the search. Probabilities draw from the seeded generator, and only
 * for requests a rule matches, so a scenario replays identically.
 */
export class FaultInjector {
  private readonly armed: ArmedFault[];

  constructor(
    faults: readonly Fault[],
    private readonly random: () => number,
  ) {
    this.armed = faults.map((fault) => ({ fault, fired: 0 }));
  }

  pick(ctx: FaultContext): { latencyMs: number; fault: Fault | null } {
    let latencyMs = 0;
    for (const a of this.armed) {
      const f = a.fault;
      if (f.operation !== undefined && f.operation !== ctx.operation) continue;
      if (f.provider !== undefined && f.provider !== ctx.provider) continue;
      if (f.clusterId !== undefined && f.clusterId !== ctx.clusterId) continue;
      if (f.count !== undefined && a.fired >= f.count) continue;
      if (f.probability !== undefined && this.random() >= f.probability) continue;
      a.fired++;
      if (f.kind === "latency") {
        latencyMs += f.latencyMs;
        continue;
      }
      return { latencyMs, fault: f };
    }
    return { latencyMs, fault: null };
  }

  /** How many times each rule fired, in scenario order. */
  counts(): number[] {
    return this.armed.map((a) => a.fired);
  }
}

/** Drops the fields an adapter depends on (`status`, `state`, `phase`), one level into lists. */
export function stripFields(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "status" || k === "state" || k === "phase") continue;
    out[k] = Array.isArray(v) ? v.map((item) => stripFields(item)) : v;
  }
  return out;
}
