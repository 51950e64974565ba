import type { Cloud } from "../../../../shared/model/cluster.ts";
import { handleAck } from "../ackHandlers.ts";
import { type HandlerInput, type HandlerResult, handleCce } from "../cceHandlers.ts";
import { SimulatorError } from "../errors.ts";
import { stripFields } from "../faults.ts";
import { handleList } from "../listHandlers.ts";
import type { SimCluster } from "../simCluster.ts";
import { answer, type Exchange, type GatewayStep, located, routed } from "./exchange.ts";

/** Each cloud's API handlers, with what they need beyond the request. */
type Handle = (
  input: HandlerInput,
  extra: { requestId: string; ackTaskType: string },
) => HandlerResult;

const HANDLERS: Record<Cloud, Handle> = {
  huawei: (input, { requestId }) => handleCce({ ...input, requestId }),
  alibaba: (input, { requestId, ackTaskType }) =>
    handleAck({ ...input, requestId, taskType: ackTaskType }),
};

/** Half the body, or `{` for none: JSON that stops mid-way. */
const halve = (text: string): string =>
  text ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : "{";

export interface DispatchOptions {
  now: () => number;
  ackTaskType: string;
  /** Every scenario cluster, for the list operations (`handleList` picks what the key may see). */
  clusters: readonly SimCluster[];
}

/**
 * The API itself: the list handler (`listHandlers.ts`) or the cloud's handler for the operation,
 * on the scenario clock. A success is spoiled here when the fault says so: `malformed` for every
 * answer, `missingFields` for one cluster's or task's answer (a list has no such fields at its
 * top); an error answer is not spoiled.
 */
export function dispatch(options: DispatchOptions): GatewayStep {
  return (x) => {
    const route = routed(x);
    let result: HandlerResult;
    try {
      result = route.list ? list(x, options) : handle(x, options);
    } catch (cause) {
      throw new SimulatorError(`handler for ${route.operation} failed`, { cause });
    }
    x.recorder.mutated(result.mutated);
    const r = result.response;
    const ok = r.status >= 200 && r.status < 300;
    if (ok && !route.list && x.fault?.kind === "missingFields") {
      return answer({ ...r, body: stripFields(r.body) });
    }
    if (ok && x.fault?.kind === "malformed") return answer(r, halve);
    return answer(r);
  };
}

const query = (x: Exchange): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(x.rawQuery));

const list = (x: Exchange, options: DispatchOptions): HandlerResult =>
  handleList({
    route: routed(x),
    clusters: options.clusters,
    ak: x.ak ?? "",
    query: query(x),
    now: options.now(),
    requestId: x.requestId,
  });

function handle(x: Exchange, options: DispatchOptions): HandlerResult {
  const route = routed(x);
  const input: HandlerInput = {
    operation: route.operation,
    cluster: located(x),
    params: route.params,
    body: x.body,
    query: query(x),
    now: options.now(),
  };
  return HANDLERS[route.cloud](input, {
    requestId: x.requestId,
    ackTaskType: options.ackTaskType,
  });
}
