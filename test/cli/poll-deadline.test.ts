import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { captureIo } from "../helpers/capture-io.ts";
import { MIN } from "../helpers/demo-harness.ts";

// `upgrade-shepherd poll --deadline` against the simulator's demo on loopback, with every
// request left unanswered (the simulator's timeout fault).
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function hangingDemo() {
  const demo = await loadScenario("demo");
  const scenario = {
    ...demo,
    faults: [{ kind: "timeout" as const, latencyMs: 0, retryAfterSeconds: 0 }],
  };
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(Date.parse(scenario.start) + 18 * MIN)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, {});
  const file = join(await mkdtemp(join(tmpdir(), "poll-deadline-")), "config.json");
  await writeFile(file, JSON.stringify(generated.config));
  return { file, env: generated.env };
}

describe("upgrade-shepherd poll --deadline", () => {
  it("stops reading at the deadline, shows every cluster, and exits 1", async () => {
    const { file, env } = await hangingDemo();
    // Loaded first, so that the wall time below is the command's, not the module loader's.
    await main(["poll", "--help"], captureIo(env));
    const io = captureIo(env);
    const began = performance.now();
    const code = await main(["poll", "--config", file, "--deadline", "1s", "--json"], io);
    const wallMs = performance.now() - began;
    expect(code).toBe(1);
    expect(wallMs).toBeLessThan(1_000 + 1_500);
    const out = JSON.parse(io.stdout());
    expect(out.snapshots).toEqual([]);
    expect(out.errors).toHaveLength(7);
    const kinds = out.errors.map((e: { kind: string }) => e.kind);
    // The refused key is refused before the gateway even holds the request; the rest hang.
    expect(kinds.filter((k: string) => k === "deadline")).toHaveLength(6);
    const retry = out.events.find(
      (e: { detailType: string }) => e.detailType === "Poll Retry Requested",
    );
    expect(retry.detail.clusters).toHaveLength(6);
  });

  it("refuses a deadline that is not a duration, with exit code 2", async () => {
    const { file, env } = await hangingDemo();
    const io = captureIo(env);
    expect(await main(["poll", "--config", file, "--deadline", "soon"], io)).toBe(2);
    expect(io.stderr()).toContain("--deadline is not a duration like 90s or 2m");
  });
});
