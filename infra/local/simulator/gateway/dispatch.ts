import type { Cloud } from "../../../../shared/model/cluster.ts";
import { handleAck } from "../ackHandlers.ts";
import { type HandlerInput, type HandlerResult, handleCce } from "../cceHandlers.ts";
import { SimulatorError } from "../errors.ts";
import { stripFields } from "../faults.ts";
import { answer, type GatewayStep, located, routed } from "./exchange.ts";

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

/**
 * The API itself: the cloud's handler for the operation, on the scenario clock. A success is
 * spoiled here when the fault says so (`missingFields`, `malformed`); an error answer is not.
 */
export function dispatch(options: { now: () => number; ackTaskType: string }): GatewayStep {
  return (x) => {
    const route = routed(x);
    const input: HandlerInput = {
      operation: route.operation,
      cluster: located(x),
      params: route.params,
      body: x.body,
      query: Object.fromEntries(new URLSearchParams(x.rawQuery)),
      now: options.now(),
    };
    let result: HandlerResult;
    try {
      result = HANDLERS[route.cloud](input, {
        requestId: x.requestId,
        ackTaskType: options.ackTaskType,
      });
    } catch (cause) {
      throw new SimulatorError(`handler for ${route.operation} failed`, { cause });
    }
    x.recorder.mutated(result.mutated);
    const r = result.response;
    const ok = r.status >= 200 && r.status < 300;
    if (ok && x.fault?.kind === "missingFields") return answer({ ...r, body: stripFields(r.body) });
    if (ok && x.fault?.kind === "malformed") return answer(r, halve);
    return answer(r);
  };
}
