import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { renderPlan } from "../../cli/rollout.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { captureIo } from "../helpers/capture-io.ts";
import { type FleetCluster, HUAWEI, MIN, rolloutScenario } from "../helpers/rollout-stack.ts";

// `upgrade-shepherd rollout plan|status` against the simulator on loopback, scenario clock fixed
// at 5 minutes in (the gateway checks signatures against the wall clock, as the CLI signs).
const FLEET: FleetCluster[] = [
  { name: "cce-canary", provider: "cce", labels: { env: "prod", ring: "canary" } },
  { name: "ack-1", provider: "ack", labels: { env: "prod" } },
  { name: "auto-2", provider: "cce-autopilot", labels: { env: "prod" } },
];
let sim: Simulator;
let configFile: string;
let env: Record<string, string>;

beforeEach(async () => {
  const scenario = rolloutScenario(FLEET);
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(Date.parse(scenario.start) + 5 * MIN)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: {
      maintenanceWindows: [
        {
          timeZone: "UTC",
          days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
          start: "00:00",
          end: "24:00",
        },
      ],
    },
  });
  const config = generated.config as { clusters: { name: string }[] };
  const labels = new Map(FLEET.map((c) => [c.name, c.labels]));
  const withRollout = {
    ...config,
    clusters: config.clusters.map((c) => ({ ...c, labels: labels.get(c.name) })),
    rollouts: [
      {
        name: "k8s-1.31",
        target: { cce: "v1.31", "cce-autopilot": "v1.31", ack: "1.31.1-aliyun.1" },
        clusters: { labels: { env: "prod" } },
        waves: [
          { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
          { name: "rest", maxConcurrent: 2, approval: "chat" },
        ],
      },
    ],
  };
  env = generated.env;
  configFile = join(await mkdtemp(join(tmpdir(), "rollout-")), "config.json");
  await writeFile(configFile, JSON.stringify(withRollout));
});
afterEach(async () => {
  await sim.close();
});

const at = () => new Date(Date.parse(sim.scenario.start) + 5 * MIN).toISOString();

describe("upgrade-shepherd rollout", () => {
  it("plan lists each wave's clusters and the start the next run would make, and starts nothing", async () => {
    const io = captureIo(env);
    const code = await main(["rollout", "plan", "--config", configFile, "--at", at()], io);
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toContain("rollout k8s-1.31");
    expect(out).toMatch(/wave 1 canary: eligible\n\s+cce-canary\s+cce\s+pending/);
    expect(out).toMatch(/wave 2 rest: waiting\n(\s+(ack-1|auto-2)\s+\S+\s+pending\n){2}/);
    expect(out).toContain("Upgrade Due: start cce-canary -> v1.31 (wave canary)");
    expect(sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(out + io.stderr()).not.toContain(HUAWEI.sk);
  });

  it("status shows one line a wave, and --json the whole judgement", async () => {
    const io = captureIo(env);
    expect(await main(["rollout", "status", "--config", configFile, "--at", at()], io)).toBe(0);
    expect(io.stdout()).toMatch(/rollout k8s-1\.31: current wave canary/);
    expect(io.stdout()).toMatch(/canary\s+0\/1 done\s+0 upgrading\s+eligible/);
    expect(io.stdout()).toMatch(/rest\s+0\/2 done\s+0 upgrading\s+waiting/);
    const json = captureIo(env);
    await main(["rollout", "status", "--config", configFile, "--at", at(), "--json"], json);
    const parsed = JSON.parse(json.stdout());
    expect(parsed.t).toBe(at());
    expect(parsed.errors).toEqual([]);
    expect(parsed.rollouts[0]).toMatchObject({
      rollout: "k8s-1.31",
      currentWave: "canary",
      halted: null,
    });
  });

  it("exits 2 naming the problem: no view, or a config without rollouts", async () => {
    const io = captureIo(env);
    expect(await main(["rollout", "--config", configFile], io)).toBe(2);
    expect(io.stderr()).toContain("give plan or status first");
    const bare = join(await mkdtemp(join(tmpdir(), "rollout-")), "config.json");
    await writeFile(bare, JSON.stringify({ clusters: [] }));
    const none = captureIo(env);
    expect(await main(["rollout", "plan", "--config", bare], none)).toBe(2);
    expect(none.stderr()).toContain("has no rollouts");
  });
});

describe("renderPlan", () => {
  const canary = {
    provider: "cce",
    region: "r",
    projectId: "p",
    clusterId: "c1",
    name: "cce-canary",
    labels: {},
  };
  const judgement = (halted: boolean) =>
    ({
      rollout: "k8s-1.31",
      waves: [
        {
          name: "canary",
          clusters: [
            { cluster: canary, state: halted ? "failed" : "upgrading", succeededAt: null },
          ],
          complete: false,
          completedAt: null,
          gate: halted ? "halted" : "eligible",
          soakEndsAt: null,
          running: halted ? 0 : 1,
          awaitingApproval: false,
        },
      ],
      unassigned: [],
      currentWave: "canary",
      halted: halted ? { failed: [canary], stalled: [] } : null,
      events: [],
    }) as never;

  it("says why a halted rollout raises nothing in this run", () => {
    const t = new Date("2026-11-02T01:00:00Z");
    const halted = renderPlan([judgement(true)], t);
    expect(halted).toContain("rollout k8s-1.31 (HALTED)");
    expect(halted).toContain(
      "nothing (halted: no start until the failed or stalled clusters are done)",
    );
    expect(renderPlan([judgement(false)], t)).toMatch(/would raise:\n {4}nothing\n/);
  });
});
