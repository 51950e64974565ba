import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { captureIo } from "../helpers/capture-io.ts";
import { MIN } from "../helpers/demo-harness.ts";

// `upgrade-shepherd poll` against the simulator's demo scenario on loopback. The scenario clock
// is fixed at 18 minutes in; the gateway checks signatures against the wall clock, as the CLI
// signs with it.
let sim: Simulator;
let configFile: string;
let env: Record<string, string>;

beforeEach(async () => {
  const scenario = await loadScenario("demo");
  const clock = createTestClock(new Date(Date.parse(scenario.start) + 18 * MIN));
  sim = await startSimulator({ scenario, clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: { lag: "0s" },
  });
  env = generated.env;
  configFile = join(await mkdtemp(join(tmpdir(), "poll-")), "config.json");
  await writeFile(configFile, JSON.stringify(generated.config));
});
afterEach(async () => {
  await sim.close();
});

describe("upgrade-shepherd poll", () => {
  it("prints one JSON object with snapshots, events and errors, and exits 1 for the unread cluster", async () => {
    const io = captureIo(env);
    const at = new Date(Date.parse(sim.scenario.start) + 20 * MIN).toISOString();
    const code = await main(["poll", "--config", configFile, "--json", "--at", at], io);
    expect(code).toBe(1);
    const out = JSON.parse(io.stdout());
    expect(Object.keys(out).sort()).toEqual(["errors", "events", "notDue", "snapshots", "t"]);
    expect(out.t).toBe(at);
    expect(out.notDue).toEqual([]);
    expect(out.snapshots).toHaveLength(6);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ kind: "auth", code: "APIG.0301" });
    const types = out.events.map((e: { detailType: string }) => e.detailType);
    // The window (T-5m, T] = (15m, 20m] holds the two failures at 16m and 17m.
    expect(types.filter((t: string) => t === "Upgrade Failed")).toHaveLength(2);
    expect(types).toContain("Cancel Due");
    expect(types).toContain("Poll Failed");
    expect(io.stdout()).not.toContain("demo-huawei-secret-key");
  });

  it("prints a table with phases, progress bars and the error", async () => {
    const io = captureIo(env);
    await main(["poll", "--config", configFile], io);
    const table = io.stdout();
    expect(table).toMatch(/^CLUSTER\s+PROVIDER\s+PHASE\s+PROGRESS/);
    expect(table).toMatch(/autopilot-fail\s+cce-autopilot\s+failed\s+\[######····\]\s+60%/);
    expect(table).toMatch(/ack-pause\s+ack\s+paused/);
    expect(table).toMatch(/cce-bad-credentials\s+cce\s+unread .*auth APIG\.0301/);
  });

  it("names the bad field of a config and exits 2", async () => {
    await writeFile(configFile, JSON.stringify({ clusters: [{ provider: "gke", region: "x" }] }));
    const io = captureIo(env);
    expect(await main(["poll", "--config", configFile], io)).toBe(2);
    expect(io.stderr()).toContain("clusters[0].provider");
  });

  it("sends exactly one request with a key shared by six clusters that the gateway refuses", async () => {
    const info = describeSimulator(sim) as never as Parameters<typeof configForSimulator>[0];
    const huawei = info.clusters.filter((c) => c.provider !== "ack").slice(0, 4);
    const six = [...huawei, ...huawei.slice(0, 2)].map((c, i) => ({
      ...c,
      clusterId: `${c.clusterId}-${i}`,
    }));
    const generated = configForSimulator({
      ...info,
      clusters: six,
      clusterCredentials: Object.fromEntries(
        six.map((c) => [c.clusterId, "DEMOHUAWEIAK0000000001"]),
      ),
    });
    const wrong = { ...generated.env };
    for (const k of Object.keys(wrong)) {
      if (k.endsWith("DEMOHUAWEIAK0000000001")) {
        wrong[k] = JSON.stringify({ ak: "DEMOHUAWEIAK0000000001", sk: "not-the-secret" });
      }
    }
    await writeFile(configFile, JSON.stringify(generated.config));
    const before = sim.requests.length;
    const io = captureIo(wrong);
    expect(await main(["poll", "--config", configFile, "--json"], io)).toBe(1);
    const sent = sim.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.status).toBe(401);
    const out = JSON.parse(io.stdout());
    expect(out.errors).toHaveLength(6);
    const pollFailed = out.events.filter(
      (e: { detailType: string }) => e.detailType === "Poll Failed",
    );
    expect(pollFailed).toHaveLength(1);
    expect(pollFailed[0].detail.severity).toBe("critical");
    expect(pollFailed[0].detail.affectedClusters).toHaveLength(6);
  });
});
