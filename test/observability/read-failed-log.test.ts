import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault } from "../../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { recordingBus, scheduledEvent } from "../helpers/recording-bus.ts";

// The poll-status handler's log lines, as Powertools would print them: a Logger whose printLog
// (Powertools' own extension point) keeps each line instead of writing it. The handler runs for
// real against the simulator's demo over loopback; EventBridge is the one fake.
const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

class CapturingLogger extends Logger {
  readonly lines: Record<string, unknown>[] = [];
  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    this.lines.push(JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())));
  }
}

async function logsOfOneRun(faults: Partial<Fault>[]) {
  const demo = await loadScenario("demo");
  const scenario = {
    ...demo,
    faults: faults.map((f) => ({ latencyMs: 0, retryAfterSeconds: 0, ...f }) as Fault),
  };
  const start = Date.parse(scenario.start);
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(start + 20 * MIN + 5_000)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, {});
  const logger = new CapturingLogger({ serviceName: "upgrade-shepherd", logLevel: "DEBUG" });
  const handler = createPollStatusHandler({
    eventBridge: recordingBus(),
    client: createSignedClient({ sleep: async () => {} }),
    telemetry: { logger, metrics: new Metrics({ namespace: "UpgradeShepherd" }) },
    config: { env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) } },
  });
  await handler(scheduledEvent(new Date(start + 20 * MIN)), {} as never);
  const secrets = Object.values(generated.env).map((v) => (JSON.parse(v) as { sk: string }).sk);
  return { lines: logger.lines, secrets };
}

const readFailed = (lines: Record<string, unknown>[], name: string) =>
  lines.find(
    (l) =>
      l.message === "read failed" && (l.cluster as { name?: string } | undefined)?.name === name,
  );

describe("the read failed log line", () => {
  it("carries provider, operation, status, code, the cloud's message and request id, and drops nothing", async () => {
    const { lines } = await logsOfOneRun([]);
    const line = readFailed(lines, "cce-bad-credentials");
    expect(line).toMatchObject({
      level: "WARN",
      provider: "cce",
      credentialSet: expect.any(String),
      kind: "auth",
      operation: "ListUpgradeClusterTasks",
      status: 401,
      code: "APIG.0301",
      providerMessage: expect.stringContaining("verify aksk signature fail"),
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      attempts: 1,
    });
    // The answer was JSON, so its words are in code and message; Powertools leaves out nulls.
    expect(line).not.toHaveProperty("rawBody");
    expect(lines.filter((l) => String(l.message).includes("reserved key"))).toEqual([]);
  });

  it("carries the first 2 KB of a body the cloud sent that is not JSON", async () => {
    const { lines } = await logsOfOneRun([
      { kind: "malformed", clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100002" },
    ]);
    const line = readFailed(lines, "autopilot-fail");
    expect(line).toMatchObject({
      provider: "cce-autopilot",
      kind: "parse",
      operation: "ListUpgradeClusterTasks",
      status: 200,
      providerMessage: "response body is not JSON",
    });
    expect(String(line?.rawBody)).toMatch(/^\{"kind":"List"|^\{/);
    expect(String(line?.rawBody).length).toBeGreaterThan(10);
    expect(String(line?.rawBody).length).toBeLessThanOrEqual(2048);
  });

  it("never prints a secret key, on any line of the run", async () => {
    const { lines, secrets } = await logsOfOneRun([
      { kind: "malformed", clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100002" },
    ]);
    expect(secrets.length).toBeGreaterThan(1);
    const printed = JSON.stringify(lines);
    for (const sk of secrets) expect(printed).not.toContain(sk);
  });
});
