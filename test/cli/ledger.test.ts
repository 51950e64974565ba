import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { captureIo } from "../helpers/capture-io.ts";

const MIN = 60_000;

// `upgrade-shepherd ledger` against the simulator's history scenario on loopback, 10 minutes in:
// cce-history and ack-history are upgrading again, and every cluster has past upgrades.
let sim: Simulator;
let configFile: string;
let env: Record<string, string>;
let io: ReturnType<typeof captureIo>;
const at = (min: number) => new Date(Date.parse(sim.scenario.start) + min * MIN);

beforeAll(async () => {
  const scenario = await loadScenario("history");
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(Date.parse(scenario.start) + 10 * MIN)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never);
  env = generated.env;
  configFile = join(await mkdtemp(join(tmpdir(), "ledger-")), "config.json");
  await writeFile(configFile, JSON.stringify(generated.config));
});
afterAll(async () => sim.close());

const run = async (...args: string[]) => {
  io = { ...captureIo(env), now: () => at(10) };
  return main(["ledger", "--config", configFile, ...args], io);
};

describe("upgrade-shepherd ledger", () => {
  it("prints every upgrade of the last 30 days by default, running ones included, as a table", async () => {
    expect(await run()).toBe(0);
    const lines = io.stdout().trim().split("\n");
    expect(lines[0]).toMatch(/^CLUSTER\s+PROVIDER\s+VERSIONS\s+STARTED\s+TOOK\s+OUTCOME/);
    expect(
      lines.slice(1).map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 2)
          .concat(l.includes("cancelled") ? "cancelled" : l.includes("running") ? "running" : "?"),
      ),
    ).toEqual([
      ["cce-history", "cce", "running"],
      ["ack-history", "ack", "running"],
      ["ack-history", "ack", "cancelled"],
    ]);
  });

  it("--since 365d --json gives every entry with its times, outcome and event ids", async () => {
    expect(await run("--since", "365d", "--json")).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.since).toBe(new Date(at(10).getTime() - 365 * 24 * 60 * MIN).toISOString());
    expect(out.errors).toEqual([]);
    expect(
      out.entries.map(
        (e: { cluster: { name: string }; outcome: string }) => `${e.cluster.name}:${e.outcome}`,
      ),
    ).toEqual([
      "cce-history:running",
      "ack-history:running",
      "ack-history:cancelled",
      "autopilot-history:cancelled",
      "cce-history:succeeded",
      "cce-history:failed",
      "ack-history:succeeded",
      "cce-history:succeeded",
      "cce-history:succeeded",
      "ack-history:succeeded",
    ]);
    const first = out.entries.find(
      (e: { outcome: string; cluster: { name: string } }) =>
        e.cluster.name === "cce-history" && e.outcome === "succeeded",
    );
    expect(first.durationMs).toBe(21 * MIN);
    expect(first.eventIds.finished).toMatch(/^[0-9a-f]{32}$/);
  });

  it("--csv writes RFC 4180 rows with a header; --json and --csv together are refused", async () => {
    expect(await run("--since", "365d", "--csv")).toBe(0);
    const rows = io.stdout().split("\r\n").filter(Boolean);
    expect(rows[0]).toBe(
      "provider,region,cluster_id,cluster_name,upgrade_id,from_version,to_version,started_at,finished_at,outcome,provider_status,duration_s,steps,actions,started_event_id,finished_event_id",
    );
    // The header and the 10 upgrades of the last 365 days (ack-history's from 400 days ago is not).
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.includes("autopilot-history"))).toContain(",cancelled,");
    expect(await run("--json", "--csv")).toBe(2);
    expect(io.stderr()).toContain("give --json or --csv, not both");
    expect(await run("--since", "a month")).toBe(2);
  });
});
