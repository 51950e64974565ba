import type { Cloud, Provider } from "../../../shared/model/cluster.ts";
import {
  ALIBABA_MESSAGES,
  acsError,
  alibabaError,
  apigError,
  cceError,
  HUAWEI_MESSAGES,
  type SimResponse,
} from "./providerErrors.ts";
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

/**
 * The answer an error fault plays, in each cloud's own error body, or null for the faults that
 * are not an error answer (latency, reset, timeout, serverError, malformed, missingFields, which
 * the server plays itself). Codes and statuses default to the documented ones; a scenario sets
 * `code` and `status` to play the variety (APIGW codes, Alibaba's 400 throttling codes, a 403
 * with no recognised code).
 */
export function faultResponse(fault: Fault, cloud: Cloud, requestId: string): SimResponse | null {
  const huawei = cloud === "huawei";
  switch (fault.kind) {
    case "throttle": {
      const headers = { "Retry-After": String(fault.retryAfterSeconds) };
      const status = fault.status ?? 429;
      if (huawei) {
        const code = fault.code ?? "APIG.0308";
        return apigError(status, code, HUAWEI_MESSAGES.throttled(1), requestId, headers);
      }
      return fault.code === undefined
        ? alibabaError("throttled", requestId, headers)
        : acsError(status, fault.code, ALIBABA_MESSAGES.throttled, requestId, headers);
    }
    case "forbidden": {
      const status = fault.status ?? 403;
      if (!huawei) {
        return acsError(
          status,
          fault.code ?? "Forbidden.RAM",
          ALIBABA_MESSAGES.forbiddenRam,
          requestId,
        );
      }
      const code = fault.code ?? "CCE.01403001";
      return code.startsWith("APIG")
        ? apigError(status, code, HUAWEI_MESSAGES.forbidden, requestId)
        : cceError(status, code, HUAWEI_MESSAGES.forbidden);
    }
    case "refused": {
      // ASSUMPTION: no public source gives ACK's code for a task in the wrong state; the
      // simulator plays a 400 with a code the product does not know, as an undocumented answer.
      if (!huawei) {
        return acsError(
          fault.status ?? 400,
          fault.code ?? "ErrorTaskState",
          "task state does not allow this operation",
          requestId,
        );
      }
      return cceError(
        fault.status ?? 403,
        fault.code ?? "CCE.01403003",
        HUAWEI_MESSAGES.stateRefused,
      );
    }
    case "keyRefused": {
      if (huawei) {
        return apigError(
          fault.status ?? 401,
          fault.code ?? "APIG.0301",
          HUAWEI_MESSAGES.badSignature,
          requestId,
        );
      }
      return fault.code === undefined
        ? alibabaError("unknownAk", requestId)
        : acsError(
            fault.status ?? 400,
            fault.code,
            "Specified access key or signature was refused.",
            requestId,
          );
    }
    default:
      return null;
  }
}
