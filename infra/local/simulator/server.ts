import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Provider } from "../../../shared/model/cluster.ts";
import { AlibabaAuthenticator } from "./alibabaAuth.ts";
import { type Clock, createAcceleratedClock } from "./clock.ts";
import { SimulatorError } from "./errors.ts";
import { FaultInjector } from "./faults.ts";
import { authenticate } from "./gateway/authenticate.ts";
import { CLOUD_WIRE } from "./gateway/cloudWire.ts";
import { ClusterIndex } from "./gateway/clusterIndex.ts";
import { dispatch } from "./gateway/dispatch.ts";
import type { Exchange, GatewayStep, Reply } from "./gateway/exchange.ts";
import { injectFault } from "./gateway/injectFault.ts";
import { locate } from "./gateway/locate.ts";
import { matchApi } from "./gateway/matchApi.ts";
import { RequestRecorder } from "./gateway/requestRecorder.ts";
import { throttle } from "./gateway/throttle.ts";
import { HuaweiAuthenticator } from "./huaweiAuth.ts";
import { createRandom } from "./random.ts";
import { RateLimiter } from "./rateLimiter.ts";
import type { RequestLogEntry } from "./requestLog.ts";
import { cloudOfPath, matchRoute } from "./routes.ts";
import type { RateLimit, Scenario, ScenarioCredential } from "./scenarioSchema.ts";
import { createSimCluster, scenarioStartMs, upgradeStateOf } from "./simCluster.ts";
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

/**
 * Starts the CCE / CCE Autopilot / ACK simulator on 127.0.0.1. Every request passes the gateway's
 * steps in order (`gateway/`): the API exists, the signature holds, the key is under its rate
 * limit, the cluster exists (a list names none), the scenario's faults, and then the API's
 * handler. The first step
 * with an answer ends it; each cloud's answers are in its own words (`gateway/cloudErrors.ts`).
 */
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

  const clusters = scenario.clusters.map((config) => createSimCluster(config, startMs));
  const index = new ClusterIndex(clusters);
  const clusterFaults = scenario.clusters.flatMap((c) =>
    c.faults.map((f) => ({ ...f, clusterId: c.clusterId })),
  );
  const seed = options.seed ?? scenario.seed;
  const faults = new FaultInjector([...clusterFaults, ...scenario.faults], createRandom(seed));
  const requests: RequestLogEntry[] = [];
  const log = recordRequests ? (entry: RequestLogEntry) => requests.push(entry) : null;
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const steps: GatewayStep[] = [
    matchApi,
    authenticate(huaweiAuth, alibabaAuth),
    throttle(limiter),
    locate(index, nowMs),
    injectFault(faults),
    dispatch({ now: nowMs, ackTaskType: scenario.ackUpgradeTaskType, clusters }),
  ];

  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function open(req: IncomingMessage, body: Buffer): Exchange {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const method = req.method ?? "GET";
    const route = matchRoute(method, rawPath);
    const cloud = route?.cloud ?? cloudOfPath(rawPath);
    const recorder = new RequestRecorder(
      { method, path: rawPath, query: rawQuery, route },
      log,
      () => clock.now(),
    );
    const requestId = CLOUD_WIRE[cloud].requestId(seed, ++counter);
    return {
      req,
      body,
      method,
      rawPath,
      rawQuery,
      route,
      cloud,
      requestId,
      recorder,
      ak: null,
      cluster: null,
      fault: null,
      latencyMs: 0,
    };
  }

  /** Writes the reply after the injected latency (and the benchmark's), then logs the request. */
  function respond(x: Exchange, res: ServerResponse, reply: Reply): void {
    if (reply.kind === "drop") {
      later(x.latencyMs, () => {
        x.recorder.done();
        if (reply.how === "reset") x.req.socket.destroy();
        else held.add(res);
      });
      return;
    }
    const r = reply.response;
    const text = r.body === undefined ? "" : JSON.stringify(r.body);
    const payload = reply.transform ? reply.transform(text) : text;
    const wire = CLOUD_WIRE[x.cloud];
    x.recorder.answered(r);
    later(x.latencyMs + (options.latencyMs ?? 0), () => {
      x.recorder.done();
      if (res.destroyed) return;
      res.writeHead(r.status, {
        [wire.idHeader]: x.requestId,
        "Content-Length": Buffer.byteLength(payload),
        ...(payload ? { "Content-Type": wire.contentType } : {}),
        ...r.headers,
      });
      res.end(payload);
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const x = open(req, body);
    for (const step of steps) {
      const reply = step(x);
      if (reply) {
        respond(x, res, reply);
        return;
      }
    }
    throw new SimulatorError(`no gateway step answered ${x.method} ${x.rawPath}`);
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "Content-Type": "text/plain" });
          res.end(error instanceof Error ? error.message : String(error));
        }
      }
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
      const cluster = index.byClusterId(clusterId);
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
