import { describe, expect, it } from "vitest";
import { createAcceleratedClock, createTestClock } from "../../infra/local/simulator/clock.ts";
import { ScenarioError } from "../../infra/local/simulator/errors.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import { loadScenario, parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { startSimulator } from "../../infra/local/simulator/server.ts";
import { huaweiTime } from "../../infra/local/simulator/timeFormat.ts";
import { HUAWEI_TIME } from "../helpers/demo-harness.ts";

const minimal = {
  name: "x",
  start: "2025-01-15T00:00:00Z",
  credentials: [{ ak: "a", sk: "b" }],
  clusters: [],
};

describe("scenarios", () => {
  it("the demo has every path the local demo needs, across the three providers", async () => {
    const demo = await loadScenario("demo");
    expect(new Set(demo.clusters.map((c) => c.provider))).toEqual(
      new Set(["cce", "cce-autopilot", "ack"]),
    );
    const ends = demo.clusters.map((c) => c.upgrade?.timeline.map((p) => p.phase).join(","));
    expect(ends.some((e) => e?.includes("pause"))).toBe(true);
    expect(ends.some((e) => e?.endsWith("stall"))).toBe(true);
    expect(ends.filter((e) => e?.endsWith("failure"))).toHaveLength(2);
    const rejected = demo.rejectedCredentials.map((c) => c.ak);
    expect(demo.clusters.filter((c) => rejected.includes(c.credentials ?? ""))).toHaveLength(1);
    expect(demo.speed).toBe(30);
  });

  it("refuses unknown keys and bad durations, naming the field", () => {
    expect(() => parseScenario({ ...minimal, extra: 1 })).toThrow(ScenarioError);
    const bad = () =>
      parseScenario({
        ...minimal,
        clusters: [
          {
            provider: "cce",
            region: "r",
            projectId: "p",
            clusterId: "c",
            name: "n",
            version: "v1",
            targetVersion: "v2",
            upgrade: { startAt: "5 minutes", timeline: [{ phase: "success" }] },
          },
        ],
      });
    expect(bad).toThrow(/clusters\.0\.upgrade\.startAt/);
    expect(() =>
      parseScenario({
        ...minimal,
        clusters: [{ provider: "cce", region: "r", clusterId: "c", name: "n", version: "v" }],
      }),
    ).toThrow(/projectId/);
  });

  it("the generator is deterministic from its seed and spreads clusters over providers and phases", async () => {
    const a = generateScenario({ count: 300, seed: 5 });
    expect(generateScenario({ count: 300, seed: 5 })).toEqual(a);
    expect(generateScenario({ count: 300, seed: 6 })).not.toEqual(a);
    const byProvider: Record<string, number> = {};
    for (const c of a.clusters) byProvider[c.provider] = (byProvider[c.provider] ?? 0) + 1;
    expect(byProvider).toEqual({ cce: 100, "cce-autopilot": 100, ack: 100 });
    const sim = await startSimulator({ scenario: a, clock: createTestClock(new Date(a.start)) });
    const statuses = new Set(
      a.clusters.map((c) => sim.upgradeState(c.clusterId)?.status ?? "none"),
    );
    await sim.close();
    for (const s of ["none", "precheck", "running", "paused", "stalled", "succeeded", "failed"])
      expect(statuses).toContain(s);
  });

  // Its cost is measured by the benchmark, not here (no timed tests): this checks that a fleet
  // of 10,000 builds, serves and reads every cluster's state.
  it("10,000 generated clusters build and every one's state reads", async () => {
    const big = generateScenario({ count: 10_000, seed: 1 });
    const sim = await startSimulator({
      scenario: big,
      clock: createTestClock(new Date(big.start)),
    });
    const states = big.clusters.map((c) => sim.upgradeState(c.clusterId));
    await sim.close();
    expect(big.clusters).toHaveLength(10_000);
    expect(states.filter((s) => s !== undefined)).toHaveLength(10_000);
  });
});

describe("clocks and time formats", () => {
  it("the accelerated clock runs at startAt + wall elapsed × speed", () => {
    let wall = 1_000;
    const clock = createAcceleratedClock({
      startAt: new Date("2025-01-15T00:00:00Z"),
      speed: 30,
      wallNow: () => wall,
    });
    wall += 2_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T00:01:00.000Z");
  });

  it("Huawei times are Go-style with trimmed fractions, in CST or UTC", () => {
    const ms = Date.parse("2023-11-24T08:41:12.092Z");
    expect(huaweiTime(ms, "CST")).toMatch(/^2023-11-24 16:41:12\.092\d{0,3} \+0800 CST$/);
    expect(huaweiTime(ms, "UTC")).toMatch(/^2023-11-24 08:41:12\.092\d{0,3} \+0000 UTC$/);
    expect(huaweiTime(ms, "UTC")).toMatch(HUAWEI_TIME);
  });
});
