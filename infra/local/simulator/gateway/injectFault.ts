import { type FaultInjector, faultResponse } from "../faults.ts";
import { errorsFor } from "./cloudErrors.ts";
import { answer, type GatewayStep, routed } from "./exchange.ts";
import { providerOf } from "./requestRecorder.ts";

/**
 * The scenario's faults for this request (`FaultInjector`): latency delays whatever answer
 * follows; `reset` and `timeout` drop or hold the connection; an error fault is answered here in
 * the cloud's own form; `malformed` and `missingFields` spoil the handler's answer (`dispatch`).
 * A list operation names no cluster, so only faults without a `clusterId` reach it.
 */
export function injectFault(faults: FaultInjector): GatewayStep {
  return (x) => {
    const route = routed(x);
    const { latencyMs, fault } = faults.pick({
      operation: route.operation,
      provider: x.cluster?.config.provider ?? providerOf(route),
      clusterId: x.cluster?.config.clusterId ?? null,
    });
    x.latencyMs = latencyMs;
    x.fault = fault;
    x.recorder.faulted(fault ? fault.kind : latencyMs > 0 ? "latency" : null);
    if (fault === null) return undefined;
    if (fault.kind === "reset") return { kind: "drop", how: "reset" };
    if (fault.kind === "timeout") return { kind: "drop", how: "hold" };
    const played = faultResponse(fault, route.cloud, x.requestId);
    if (played) return answer(played);
    if (fault.kind === "serverError") {
      return answer(errorsFor(route.cloud).serverError(fault.status ?? 500, x.requestId));
    }
    return undefined;
  };
}
