import type { Provider } from "../../../../shared/model/cluster.ts";
import type { SimResponse } from "../providerErrors.ts";
import type { RequestLogEntry } from "../requestLog.ts";
import type { Route } from "../routes.ts";

/**
 * Owns one request's log entry: the steps say what they learned (the key, the cluster, the
 * fault, the answer), and the entry is logged once, when the answer leaves or the connection is
 * dropped, stamped with the scenario clock.
 */
export class RequestRecorder {
  readonly entry: RequestLogEntry;

  constructor(
    request: { method: string; path: string; query: string; route: Route | null },
    private readonly log: ((entry: RequestLogEntry) => void) | null,
    private readonly now: () => Date,
  ) {
    const { route } = request;
    this.entry = {
      time: "",
      method: request.method,
      path: request.path,
      query: request.query,
      operation: route?.operation ?? null,
      provider: route ? providerOf(route) : null,
      ak: null,
      clusterId: route?.params.clusterId ?? null,
      status: 0,
      mutated: false,
      errorCode: null,
      fault: null,
    };
  }

  /** The access key the request was signed with, once authentication could read one. */
  signedBy(ak: string | null): void {
    this.entry.ak = ak;
  }

  /** The cluster the path named, as the scenario has it. */
  located(cluster: { provider: Provider; clusterId: string }): void {
    this.entry.clusterId = cluster.clusterId;
    this.entry.provider = cluster.provider;
  }

  /** The fault that hit the request, or `latency` when only added latency did. */
  faulted(kind: RequestLogEntry["fault"]): void {
    this.entry.fault = kind;
  }

  /** Whether the handler changed the simulated cloud. */
  mutated(changed: boolean): void {
    this.entry.mutated = changed;
  }

  /** The status and, for an error, the provider's code, in whichever field its cloud uses. */
  answered(response: SimResponse): void {
    this.entry.status = response.status;
    const body =
      (response.body as { error_code?: string; errorCode?: string; code?: string } | undefined) ??
      {};
    this.entry.errorCode =
      response.status >= 400 ? (body.error_code ?? body.errorCode ?? body.code ?? null) : null;
  }

  /** Logs the entry; called once, when the answer is written or the connection dropped. */
  done(): void {
    this.entry.time = this.now().toISOString();
    this.log?.(this.entry);
  }
}

/** The provider a route serves, from its gateway and path family. */
export const providerOf = (route: Route): Provider =>
  route.cloud === "alibaba" ? "ack" : route.family === "autopilot" ? "cce-autopilot" : "cce";
