import type { IncomingMessage } from "node:http";
import type { Cloud } from "../../../../shared/model/cluster.ts";
import { SimulatorError } from "../errors.ts";
import type { SimResponse } from "../providerErrors.ts";
import type { Route } from "../routes.ts";
import type { Fault } from "../scenarioSchema.ts";
import type { SimCluster } from "../simCluster.ts";
import type { RequestRecorder } from "./requestRecorder.ts";

/**
 * One request on its way through the gateway. The steps fill in what they establish (`ak`,
 * `cluster`, `fault`, `latencyMs`) for the steps after them; the recorder keeps the log entry.
 */
export interface Exchange {
  req: IncomingMessage;
  body: Buffer;
  method: string;
  rawPath: string;
  rawQuery: string;
  route: Route | null;
  /** The gateway that answers: the route's, or for an unknown path the one its prefix names. */
  cloud: Cloud;
  requestId: string;
  recorder: RequestRecorder;
  ak: string | null;
  cluster: SimCluster | null;
  fault: Fault | null;
  /** Injected latency, added to the answer's delay. */
  latencyMs: number;
}

/** What a step decided: an answer to write (after a delay), or a connection to drop or hold. */
export type Reply =
  | { kind: "answer"; response: SimResponse; transform?: (text: string) => string }
  | { kind: "drop"; how: "reset" | "hold" };

/** One stage of the gateway: the reply that ends the request here, or undefined to go on. */
export type GatewayStep = (x: Exchange) => Reply | undefined;

/** The route a step after `matchApi` works on (`matchApi` has answered every request without one). */
export function routed(x: Exchange): Route {
  if (x.route === null)
    throw new SimulatorError("a gateway step after matchApi ran without a route");
  return x.route;
}

/** The cluster a step after `locate` works on. */
export function located(x: Exchange): SimCluster {
  if (x.cluster === null)
    throw new SimulatorError("a gateway step after locate ran without a cluster");
  return x.cluster;
}

export const answer = (response: SimResponse, transform?: (text: string) => string): Reply => ({
  kind: "answer",
  response,
  ...(transform ? { transform } : {}),
});
