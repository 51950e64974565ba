import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Provider } from "../../../shared/model/cluster.ts";
import { handleAck } from "./ackHandlers.ts";
import { ackTaskIds } from "./ackTasks.ts";
import { AlibabaAuthenticator } from "./alibabaAuth.ts";
import { type HandlerResult, handleCce } from "./cceHandlers.ts";
import { type Clock, createAcceleratedClock } from "./clock.ts";
import { SimulatorError } from "./errors.ts";
import { FaultInjector, faultResponse, stripFields } from "./faults.ts";
import { HuaweiAuthenticator, type IncomingSigned } from "./huaweiAuth.ts";
import { stableHex, stableUuid } from "./ids.ts";
import { handleList } from "./listHandlers.ts";
import {
  acsError,
  alibabaError,
  apigError,
  cceError,
  HUAWEI_MESSAGES,
  type SimResponse,
} from "./providerErrors.ts";
import { createRandom } from "./random.ts";
import { RateLimiter } from "./rateLimiter.ts";
import type { RequestLogEntry } from "./requestLog.ts";
import { cloudOfPath, matchRoute, type Route } from "./routes.ts";
import type { Fault, RateLimit, Scenario, ScenarioCredential } from "./scenarioSchema.ts";
import {
  createSimCluster,
  existsAt,
  type SimCluster,
  scenarioStartMs,
  upgradeStateOf,
} from "./simCluster.ts";
import type { UpgradeState } from "./upgradeState.ts";

export interface StartSimulatorOptions {
  /** A parsed scenario (see `parseScenario`, `loadScenario`, `generateScenario`). */
  scenario: Scenario;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to a real-time clock starting at the scenario's `start`. */
  clock?: Clock;
  /**
   * The gateway's own clock, for signature dates (15-minute window), nonces, key locks and rate
   * limits. Defaults to the wall clock: clients sign with real time even when the scenario clock
   * is accelerated or set in the past. Tests pass their test clock here too.
   */
  gatewayClock?: Clock;
  /** Seeds fault draws; defaults to the scenario's seed. */
  seed?: number;
  /** Added to every response, for the benchmark. */
  latencyMs?: number;
  /** Accepted in addition to the scenario's credentials. */
  extraCredentials?: readonly ScenarioCredential[];
  /** Overrides the scenario's rate limit; null turns it off. */
  rateLimit?: RateLimit | null;
  /** Keep the request log (default true); the benchmark may turn it off to save memory. */
  recordRequests?: boolean;
}

/** A cluster as the CLI and scripts name it: never with credentials. */
export interface SimulatedClusterRef {
  provider: Provider;
  region: string;
  projectId?: string;
  clusterId: string;
  name: string;
}

export interface Simulator {
  url: string;
  port: number;
  clock: Clock;
  scenario: Scenario;
  /** Every request so far, oldest first. */
  requests: RequestLogEntry[];
  /** Key pairs the simulator accepts. */
  credentials: ScenarioCredential[];
  /** Key pairs whose access key is known but whose secret no longer matches. */
  rejectedCredentials: ScenarioCredential[];
  clusters: SimulatedClusterRef[];
  /** The upgrade of a cluster as it stands now, or null. */
  upgradeState(clusterId: string): UpgradeState | null;
  /** How many times each fault fired, in order: cluster faults first, then scenario faults. */
  faultCounts(): number[];
  /** Whether the gateway has locked a Huawei access key after repeated auth failures. */
  isHuaweiKeyLocked(ak: string): boolean;
  close(): Promise<void>;
}

const ACK_VERSION = "2015-12-15";
const JSON_TYPE = {
  huawei: "application/json;charset=UTF-8",
  alibaba: "application/json;charset=utf-8",
};

/** Starts the CCE / CCE Autopilot / ACK simulator on 127.0.0.1. */
export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  const scenario = options.scenario;
  const startMs = scenarioStartMs(scenario);
  const clock = options.clock ?? createAcceleratedClock({ startAt: new Date(startMs), speed: 1 });
  const nowMs = () => clock.now().getTime();
  const recordRequests = options.recordRequests ?? true;
  const gatewayClock = options.gatewayClock ?? { now: () => new Date() };
  const gatewayMs = () => gatewayClock.now().getTime();

  const credentials = [...scenario.credentials, ...(options.extraCredentials ?? [])];
  const secrets = new Map<string, string>();
  for (const c of scenario.rejectedCredentials) secrets.set(c.ak, `${c.sk}#rotated`);
  for (const c of credentials) secrets.set(c.ak, c.sk);
  const huaweiAuth = new HuaweiAuthenticator(secrets, gatewayMs);
  const alibabaAuth = new AlibabaAuthenticator(secrets, gatewayMs);
  const rate = options.rateLimit === null ? undefined : (options.rateLimit ?? scenario.rateLimit);
  const limiter = rate ? new RateLimiter(rate, gatewayMs) : undefined;

  const byKey = new Map<string, SimCluster>();
  const ackTasks = new Map<string, SimCluster>();
  const clusterFaults: Fault[] = [];
  for (const config of scenario.clusters) {
    const sim = createSimCluster(config, startMs);
    byKey.set(`${config.provider}/${config.clusterId}`, sim);
    if (config.provider === "ack") for (const id of ackTaskIds(sim)) ackTasks.set(id, sim);
    for (const f of config.faults) clusterFaults.push({ ...f, clusterId: config.clusterId });
  }
  const seed = options.seed ?? scenario.seed;
  const faults = new FaultInjector([...clusterFaults, ...scenario.faults], createRandom(seed));
  const requests: RequestLogEntry[] = [];
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function findCluster(route: Route): SimCluster | undefined {
    if (route.cloud === "huawei") {
      const provider: Provider = route.family === "autopilot" ? "cce-autopilot" : "cce";
      const sim = byKey.get(`${provider}/${route.params.clusterId}`);
      return sim && sim.config.projectId === route.params.projectId ? sim : undefined;
    }
    if (route.params.taskId !== undefined) return ackTasks.get(route.params.taskId);
    return byKey.get(`ack/${route.params.clusterId}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const method = req.method ?? "GET";
    const n = ++counter;
    const route = matchRoute(method, rawPath);
    const cloud = route?.cloud ?? cloudOfPath(rawPath);
    const requestId =
      cloud === "huawei"
        ? stableHex(`${seed}/request/${n}`, 32)
        : stableUuid(`${seed}/request/${n}`).toUpperCase();
    const entry: RequestLogEntry = {
      time: "",
      method,
      path: rawPath,
      query: rawQuery,
      operation: route?.operation ?? null,
      provider: route
        ? route.cloud === "alibaba"
          ? "ack"
          : route.family === "autopilot"
            ? "cce-autopilot"
            : "cce"
        : null,
      ak: null,
      clusterId: route?.params.clusterId ?? null,
      status: 0,
      mutated: false,
      errorCode: null,
      fault: null,
    };
    const idHeader = cloud === "huawei" ? "X-Request-Id" : "x-acs-request-id";
    const send = (r: SimResponse, delayMs = 0, transform?: (text: string) => string) => {
      const text = r.body === undefined ? "" : JSON.stringify(r.body);
      const payload = transform ? transform(text) : text;
      entry.status = r.status;
      const code =
        (r.body as { error_code?: string; errorCode?: string; code?: string } | undefined) ?? {};
      entry.errorCode =
        r.status >= 400 ? (code.error_code ?? code.errorCode ?? code.code ?? null) : null;
      later(delayMs + (options.latencyMs ?? 0), () => {
        entry.time = clock.now().toISOString();
        if (recordRequests) requests.push(entry);
        if (res.destroyed) return;
        res.writeHead(r.status, {
          [idHeader]: requestId,
          "Content-Length": Buffer.byteLength(payload),
          ...(payload ? { "Content-Type": JSON_TYPE[cloud] } : {}),
          ...r.headers,
        });
        res.end(payload);
      });
    };

    if (!route) {
      send(
        cloud === "huawei"
          ? apigError(404, "APIG.0101", HUAWEI_MESSAGES.noApi, requestId)
          : alibabaError("noApi", requestId),
      );
      return;
    }
    if (
      route.cloud === "alibaba" &&
      (req.headers["x-acs-action"] !== route.operation ||
        req.headers["x-acs-version"] !== ACK_VERSION)
    ) {
      send(alibabaError("noApi", requestId));
      return;
    }

    const signed: IncomingSigned = { method, rawPath, rawQuery, headers: req.headers, body };
    if (route.cloud === "huawei") {
      const auth = huaweiAuth.verify(signed);
      entry.ak = auth.ak;
      if (!auth.ok) {
        const message =
          auth.reason === "unknownAk"
            ? HUAWEI_MESSAGES.unknownAk(auth.ak ?? "")
            : HUAWEI_MESSAGES[auth.reason];
        send(apigError(401, "APIG.0301", message, requestId));
        return;
      }
    } else {
      const auth = alibabaAuth.verify(signed);
      entry.ak = auth.ak;
      if (!auth.ok) {
        send(alibabaError(auth.reason, requestId));
        return;
      }
    }

    if (limiter && entry.ak) {
      const decision = limiter.take(entry.ak);
      if (!decision.ok) {
        const headers = { "Retry-After": String(decision.retryAfterSeconds) };
        send(
          route.cloud === "huawei"
            ? apigError(
                429,
                "APIG.0308",
                HUAWEI_MESSAGES.throttled(decision.limit),
                requestId,
                headers,
              )
            : alibabaError("throttled", requestId, headers),
        );
        return;
      }
    }

    if (route.list) {
      const provider: Provider =
        route.cloud === "alibaba" ? "ack" : route.family === "autopilot" ? "cce-autopilot" : "cce";
      const { latencyMs, fault } = faults.pick({
        operation: route.operation,
        provider,
        clusterId: null,
      });
      if (fault) entry.fault = fault.kind;
      else if (latencyMs > 0) entry.fault = "latency";
      if (fault?.kind === "reset" || fault?.kind === "timeout") {
        later(latencyMs, () => {
          entry.time = clock.now().toISOString();
          if (recordRequests) requests.push(entry);
          if (fault.kind === "reset") req.socket.destroy();
          else held.add(res);
        });
        return;
      }
      const played = fault ? faultResponse(fault, route.cloud, requestId) : null;
      if (played) return send(played, latencyMs);
      if (fault?.kind === "serverError") {
        return send(serverError(route, fault.status ?? 500, requestId), latencyMs);
      }
      const listed = handleList({
        route,
        clusters: [...byKey.values()],
        ak: entry.ak ?? "",
        query: Object.fromEntries(new URLSearchParams(rawQuery)),
        now: nowMs(),
        requestId,
      }).response;
      if (fault?.kind === "malformed") {
        return send(listed, latencyMs, (text) =>
          text.slice(0, Math.max(1, Math.floor(text.length / 2))),
        );
      }
      return send(listed, latencyMs);
    }

    const cluster = findCluster(route);
    if (!cluster || !existsAt(cluster, nowMs())) {
      send(
        route.cloud === "huawei"
          ? cceError(404, "CCE.01404001", "Resource not found. The cluster does not exist.")
          : route.params.taskId !== undefined
            ? acsError(404, "ErrorTaskNotFound", `task ${route.params.taskId} not found`, requestId)
            : acsError(
                404,
                "ErrorClusterNotFound",
                "The specified cluster is not found.",
                requestId,
              ),
      );
      return;
    }
    entry.clusterId = cluster.config.clusterId;
    entry.provider = cluster.config.provider;

    const { latencyMs, fault } = faults.pick({
      operation: route.operation,
      provider: cluster.config.provider,
      clusterId: cluster.config.clusterId,
    });
    if (fault) entry.fault = fault.kind;
    else if (latencyMs > 0) entry.fault = "latency";
    if (fault?.kind === "reset" || fault?.kind === "timeout") {
      later(latencyMs, () => {
        entry.time = clock.now().toISOString();
        if (recordRequests) requests.push(entry);
        if (fault.kind === "reset") req.socket.destroy();
        else held.add(res);
      });
      return;
    }
    const played = fault ? faultResponse(fault, route.cloud, requestId) : null;
    if (played) {
      send(played, latencyMs);
      return;
    }
    if (fault?.kind === "serverError") {
      send(serverError(route, fault.status ?? 500, requestId), latencyMs);
      return;
    }

    const input = {
      operation: route.operation,
      cluster,
      params: route.params,
      body,
      query: Object.fromEntries(new URLSearchParams(rawQuery)),
      now: nowMs(),
    };
    let result: HandlerResult;
    try {
      result =
        route.cloud === "huawei"
          ? handleCce({ ...input, requestId })
          : handleAck({ ...input, requestId, taskType: scenario.ackUpgradeTaskType });
    } catch (cause) {
      throw new SimulatorError(`handler for ${route.operation} failed`, { cause });
    }
    entry.mutated = result.mutated;
    const r = result.response;
    const ok = r.status >= 200 && r.status < 300;
    if (ok && fault?.kind === "missingFields") {
      send({ ...r, body: stripFields(r.body) }, latencyMs);
    } else if (ok && fault?.kind === "malformed") {
      send(r, latencyMs, (text) =>
        text ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : "{",
      );
    } else {
      send(r, latencyMs);
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "Content-Type": "text/plain" });
          res.end(error instanceof Error ? error.message : String(error));
        }
      });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () =>
      resolve((server.address() as AddressInfo).port),
    );
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    scenario,
    requests,
    credentials,
    rejectedCredentials: [...scenario.rejectedCredentials],
    clusters: scenario.clusters.map((c) => ({
      provider: c.provider,
      region: c.region,
      ...(c.projectId !== undefined ? { projectId: c.projectId } : {}),
      clusterId: c.clusterId,
      name: c.name,
    })),
    upgradeState: (clusterId) => {
      const sim = scenario.clusters.find((c) => c.clusterId === clusterId);
      const cluster = sim ? byKey.get(`${sim.provider}/${sim.clusterId}`) : undefined;
      return cluster ? upgradeStateOf(cluster, nowMs()) : null;
    },
    faultCounts: () => faults.counts(),
    isHuaweiKeyLocked: (ak) => huaweiAuth.isLocked(ak),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const res of held) res.destroy();
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serverError(route: Route, status: number, requestId: string): SimResponse {
  if (route.cloud === "alibaba") {
    return status === 500
      ? acsError(
          500,
          "InternalError",
          "The request processing has failed due to some unknown error, exception or failure.",
          requestId,
        )
      : acsError(
          status,
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
          requestId,
        );
  }
  if (status === 504) return apigError(504, "APIG.0201", "Backend timeout.", requestId);
  if (status === 502 || status === 503)
    return apigError(status, "APIG.0202", "Backend unavailable.", requestId);
  return cceError(status, "CCE.01500001", "Internal server error.");
}
