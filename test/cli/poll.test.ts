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

  it("lists each event with its cluster", async () => {
    const at = new Date(Date.parse(sim.scenario.start) + 20 * MIN).toISOString();
    const io = captureIo(env);
    await main(["poll", "--config", configFile, "--at", at], io);
    // The window (15m, 20m] holds the two failures at 16m and 17m, and the refused key fails.
    expect(io.stdout()).toContain(
      [
        "events of the run at T=2025-01-15T02:20:00.000Z (and 3 debug event(s): --json shows them):",
        "SEVERITY  EVENT           CLUSTER",
        "critical  Upgrade Failed  autopilot-fail (cce-autopilot cn-north-4)",
        "critical  Upgrade Failed  cce-dryrun-fail (cce cn-east-3)",
        "critical  Poll Failed     cce-bad-credentials (cce cn-north-4)",
      ].join("\n"),
    );
  });

  it("exits 0 when every cluster was read, and says when the run announces nothing", async () => {
    const info = describeSimulator(sim) as never as Parameters<typeof configForSimulator>[0];
    const readable = configForSimulator({
      ...info,
      clusters: info.clusters.filter((c) => c.name !== "cce-bad-credentials"),
    });
    await writeFile(configFile, JSON.stringify(readable.config));
    const io = captureIo(readable.env);
    expect(await main(["poll", "--config", configFile, "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout()).errors).toEqual([]);
    // A run whose window holds no transition says so, rather than printing nothing.
    const quiet = captureIo(readable.env);
    const later = new Date(Date.parse(sim.scenario.start) + 40 * MIN).toISOString();
    expect(await main(["poll", "--config", configFile, "--at", later], quiet)).toBe(0);
    expect(quiet.stdout()).toMatch(
      /events of the run at T=2025-01-15T02:40:00.000Z.*:\n {2}none\n/,
    );
  });

  it("takes T from the clock the simulator's first line states (--simulator), and reads its clusters", async () => {
    // simulate printed its first line at wall time W, when the scenario clock read 18m, at 30x.
    // Four wall seconds later that clock reads 18m + 4 s x 30 = 20m: the run at T = 20m.
    const wall = Date.parse("2026-11-29T10:00:00Z");
    const line = describeSimulator(sim, { speed: 30, wallNow: () => new Date(wall) });
    expect(line.clock).toEqual({
      scenarioTime: "2025-01-15T02:18:00.000Z",
      wallTime: "2026-11-29T10:00:00.000Z",
      speed: 30,
    });
    const file = join(await mkdtemp(join(tmpdir(), "poll-")), "simulator.jsonl");
    await writeFile(file, `${JSON.stringify(line)}\n`);
    const io = { ...captureIo(), now: () => new Date(wall + 4_000) };
    expect(await main(["poll", "--simulator", file, "--json"], io)).toBe(1);
    const out = JSON.parse(io.stdout());
    expect(out.t).toBe("2025-01-15T02:20:00.000Z");
    expect(out.snapshots).toHaveLength(6);
    // The generated config keeps the default lag of 2m: the window (13m, 18m] holds both failures.
    const failed = out.events.filter(
      (e: { detailType: string }) => e.detailType === "Upgrade Failed",
    );
    expect(
      failed.map((e: { detail: { cluster: { name: string } } }) => e.detail.cluster.name).sort(),
    ).toEqual(["autopilot-fail", "cce-dryrun-fail"]);
  });

  it("tells a user polling the simulator without --at or --simulator why no upgrade shows", async () => {
    const io = captureIo(env);
    await main(["poll", "--config", configFile], io);
    expect(io.stderr()).toContain(
      "every cluster is on a local simulator, whose scenario clock is not today's: give --simulator FILE",
    );
  });

  it("lists a cluster not due in this run, in the table and the JSON, with its next run", async () => {
    const generated = configForSimulator(describeSimulator(sim) as never, {
      defaults: { lag: "0s" },
      overrides: { "cce-stall": { pollInterval: "15m" } },
    });
    await writeFile(configFile, JSON.stringify(generated.config));
    const at = new Date(Date.parse(sim.scenario.start) + 20 * MIN).toISOString();
    const table = captureIo(env);
    await main(["poll", "--config", configFile, "--at", at], table);
    expect(table.stdout()).toMatch(
      /cce-stall\s+cce\s+not due\s+-\s+-\s+polled every 15m: next read by the run at 2025-01-15 02:30Z/,
    );
    const json = captureIo(env);
    await main(["poll", "--config", configFile, "--at", at, "--json"], json);
    const out = JSON.parse(json.stdout());
    expect(out.notDue).toEqual([
      {
        cluster: expect.objectContaining({ name: "cce-stall", provider: "cce" }),
        pollInterval: "15m",
        nextRun: "2025-01-15T02:30:00.000Z",
      },
    ]);
    expect(out.snapshots.map((s: { cluster: { name: string } }) => s.cluster.name)).not.toContain(
      "cce-stall",
    );
  });

  it("reports a missing credential set as such, and sends nothing with it", async () => {
    const withoutAlibaba = Object.fromEntries(
      Object.entries(env).filter(([k]) => !k.endsWith("DEMOALIBABAAK00000001")),
    );
    const before = sim.requests.length;
    const io = captureIo(withoutAlibaba);
    expect(await main(["poll", "--config", configFile], io)).toBe(1);
    expect(io.stdout()).toMatch(
      /ack-pause\s+ack\s+unread .*credentials not loaded \(nothing sent\): config SHEPHERD_CREDENTIALS_DEMOALIBABAAK00000001: credential set "demoalibabaak00000001" is not set: set SHEPHERD_CREDENTIALS_DEMOALIBABAAK00000001 to/,
    );
    expect(sim.requests.slice(before).filter((r) => r.provider === "ack")).toEqual([]);
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
