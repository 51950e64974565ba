import type { ClusterRef, Provider } from "../../shared/model/cluster.ts";
import type { Phase, Step, Upgrade } from "../../shared/model/snapshot.ts";
import type { ClusterRead } from "../../shared/status/buildStatusModel.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** A tiny deterministic generator (mulberry32), so a fleet is the same every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERSIONS: Record<Provider, string[]> = {
  cce: ["v1.27.3-r10", "v1.28.5-r0", "v1.29.1-r0", "v1.30.2-r0"],
  "cce-autopilot": ["v1.27.3-r10", "v1.28.5-r0", "v1.31.1-r0"],
  ack: ["1.26.15-aliyun.1", "1.28.9-aliyun.1", "1.30.1-aliyun.1"],
};

function cceSteps(start: number, clusterMin: number, phase: Phase, now: number): Step[] {
  const pre = {
    name: "PreCheck",
    status: "Success",
    startedAt: iso(start),
    finishedAt: iso(start + 4 * MIN),
  };
  const snap = {
    name: "Snapshot",
    status: "Success",
    startedAt: iso(start + 4 * MIN),
    finishedAt: iso(start + 9 * MIN),
  };
  const end = start + (9 + clusterMin) * MIN;
  const running = phase === "running" && end > now;
  const cluster = {
    name: "Cluster",
    status: running ? "Running" : phase === "failed" ? "Failed" : "Success",
    startedAt: iso(start + 9 * MIN),
    finishedAt: running ? null : iso(end),
  };
  return [
    pre,
    snap,
    cluster,
    { name: "PostCheck", status: null, startedAt: null, finishedAt: null },
  ];
}

/**
 * A fleet of `n` clusters across the three providers, each with a few weeks of past upgrades
 * and a current state drawn from a realistic mix (most idle or succeeded, some upgrading, a
 * few paused, failed or stalled). For the page's tests and the 1,000-cluster screenshot.
 */
export function statusFleet(n: number, now: number, seed = 7): ClusterRead[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const providers: Provider[] = ["cce", "cce", "cce-autopilot", "ack"];
  const reads: ClusterRead[] = [];
  for (let i = 0; i < n; i++) {
    const provider = pick(providers);
    const cluster: ClusterRef = {
      provider,
      region: pick(
        provider === "ack"
          ? ["cn-hangzhou", "cn-beijing", "ap-southeast-1"]
          : ["cn-north-4", "ap-southeast-3", "eu-west-101"],
      ),
      projectId: provider === "ack" ? undefined : "0b1c2d3e4f",
      clusterId: `${provider}-${String(i).padStart(4, "0")}-${Math.floor(rnd() * 1e8).toString(16)}`,
      name: `${pick(["payments", "search", "edge", "batch", "web", "ml"])}-${pick(["prod", "staging", "dev"])}-${i}`,
      labels: { env: pick(["prod", "staging", "dev"]), team: pick(["core", "data", "edge"]) },
    };
    const usual = 25 + Math.floor(rnd() * 40);
    const history: Upgrade[] = [];
    const versions = VERSIONS[provider];
    const v = 0;
    for (let k = 0; k < 3; k++) {
      const start = now - (20 + k * 9) * DAY - Math.floor(rnd() * DAY);
      const took = usual + Math.floor((rnd() - 0.5) * 10);
      const phase: Phase = rnd() < 0.08 ? "failed" : "succeeded";
      history.push(
        upgrade(
          provider,
          `${cluster.clusterId}-h${k}`,
          phase,
          start,
          start + took * MIN,
          versions[v] ?? null,
          versions[v + 1] ?? null,
          took - 9,
          now,
        ),
      );
    }
    const roll = rnd();
    const current =
      roll < 0.45
        ? null
        : roll < 0.75
          ? upgrade(
              provider,
              `${cluster.clusterId}-c`,
              "succeeded",
              now - Math.floor(rnd() * 10) * DAY - HOUR,
              now - Math.floor(rnd() * 10) * DAY,
              versions[0] ?? null,
              versions[1] ?? null,
              usual - 9,
              now,
            )
          : roll < 0.88
            ? upgrade(
                provider,
                `${cluster.clusterId}-c`,
                "running",
                now - Math.floor(rnd() * usual * 1.2) * MIN,
                null,
                versions[1] ?? null,
                versions[2] ?? null,
                usual - 9,
                now,
              )
            : roll < 0.93
              ? upgrade(
                  provider,
                  `${cluster.clusterId}-c`,
                  "paused",
                  now - 2 * HOUR,
                  null,
                  versions[1] ?? null,
                  versions[2] ?? null,
                  usual - 9,
                  now,
                )
              : roll < 0.97
                ? upgrade(
                    provider,
                    `${cluster.clusterId}-c`,
                    "failed",
                    now - 5 * HOUR,
                    now - 4 * HOUR,
                    versions[1] ?? null,
                    versions[2] ?? null,
                    usual - 9,
                    now,
                  )
                : upgrade(
                    provider,
                    `${cluster.clusterId}-c`,
                    "running",
                    now - 5 * usual * MIN,
                    null,
                    versions[1] ?? null,
                    versions[2] ?? null,
                    5 * usual,
                    now,
                  );
    const unreadable = rnd() < 0.01;
    reads.push({
      cluster,
      snapshot: unreadable
        ? null
        : current
          ? { cluster, readAt: iso(now), upgrade: current, history }
          : { cluster, readAt: iso(now), upgrade: history[0] ?? null, history: history.slice(1) },
      failure: unreadable
        ? {
            kind: "throttle",
            message: "Throttling.User: Request was denied due to user flow control.",
          }
        : null,
    });
  }
  return reads;
}

function upgrade(
  provider: Provider,
  id: string,
  phase: Phase,
  start: number,
  end: number | null,
  from: string | null,
  to: string | null,
  clusterMin: number,
  now: number,
): Upgrade {
  const steps = provider === "ack" ? [] : cceSteps(start, clusterMin, phase, now);
  return {
    id,
    phase,
    rawPhase:
      provider === "ack"
        ? ((
            {
              running: "running",
              paused: "paused",
              failed: "fail",
              succeeded: "success",
            } as Record<string, string>
          )[phase] ?? phase)
        : ((
            {
              running: "Running",
              paused: "Pause",
              failed: "Failed",
              succeeded: "Success",
            } as Record<string, string>
          )[phase] ?? phase),
    progress:
      phase === "succeeded"
        ? 100
        : phase === "running"
          ? Math.min(95, Math.round(((now - start) / ((clusterMin + 9) * MIN)) * 100))
          : 40,
    fromVersion: from,
    toVersion: to,
    createdAt: iso(start),
    finishedAt: end === null ? null : iso(end),
    updatedAt: iso(end ?? now - 5 * MIN),
    steps,
    message:
      phase === "failed" ? "Upgrade of master nodes failed: etcd health check did not pass" : null,
    source: provider === "ack" ? "ack-task" : "cce-task",
    workflowId: null,
    workflowPhase: null,
  };
}
