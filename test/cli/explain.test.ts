import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RecordedAnswer } from "../../cli/answerRecorder.ts";
import {
  explainRun,
  MAX_SHOWN_CHARS,
  redactor,
  renderExplanation,
  showBody,
} from "../../cli/explain.ts";
import { main } from "../../cli/main.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { captureIo } from "../helpers/capture-io.ts";
import { MIN } from "../helpers/demo-harness.ts";

// `upgrade-shepherd poll --explain` against the simulator's demo scenario on loopback, with the
// real signed client; the scenario clock is fixed at 18 minutes in.
let sim: Simulator;
let configFile: string;
let env: Record<string, string>;
let at: string;

/** Marker secrets for the key the gateway refuses: nothing may ever print them. */
const MARKER_SK = "MARKER-SK-never-print-7f3a9c0d";
const MARKER_TOKEN = "MARKER-TOKEN-never-print-51b2e8";

beforeEach(async () => {
  const scenario = await loadScenario("demo");
  const clock = createTestClock(new Date(Date.parse(scenario.start) + 18 * MIN));
  sim = await startSimulator({ scenario, clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: { lag: "0s" },
  });
  env = { ...generated.env };
  for (const name of Object.keys(env)) {
    if (name.includes("DEMOREVOKED")) {
      env[name] = JSON.stringify({
        ak: "DEMOREVOKEDAK00000001",
        sk: MARKER_SK,
        token: MARKER_TOKEN,
      });
    }
  }
  configFile = join(await mkdtemp(join(tmpdir(), "explain-")), "config.json");
  await writeFile(configFile, JSON.stringify(generated.config));
  at = new Date(Date.parse(scenario.start) + 20 * MIN).toISOString();
});
afterEach(async () => {
  await sim.close();
});

/** Every secret the run could hold: the simulator's keys and the markers. */
const secrets = () => [
  MARKER_SK,
  MARKER_TOKEN,
  ...Object.values(env).flatMap((v) => {
    const c = JSON.parse(v) as { sk: string };
    return [c.sk];
  }),
];

function section(out: string, name: string): string {
  const start = out.indexOf(`== ${name} (`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  const end = out.indexOf("\n== ", start + 1);
  return out.slice(start, end === -1 ? undefined : end);
}

describe("upgrade-shepherd poll --explain", () => {
  it("shows, per cluster, each raw answer next to what was read from it and the events", async () => {
    const io = captureIo(env);
    expect(await main(["poll", "--config", configFile, "--explain", "--at", at], io)).toBe(1);
    const out = io.stdout();

    const failed = section(out, "autopilot-fail");
    expect(failed).toMatch(
      /1\. ListUpgradeClusterTasks: GET \/autopilot\/v3\/projects\/\w+\/clusters\/[\w-]+\/operation\/upgrade\/tasks -> HTTP 200/,
    );
    expect(failed).toMatch(
      /2\. ListUpgradeWorkFlows: GET .*\/operation\/upgradeworkflows -> HTTP 200/,
    );
    // The body as sent, indented: the raw time string next to the ISO time read from it.
    expect(failed).toContain('"phase": "Failed"');
    expect(failed).toContain('"completionTime": "2025-01-15 10:17:00.000301 +0800 CST"');
    expect(failed).toContain('phase failed (raw "Failed"), from cce-task');
    expect(failed).toContain('"finishedAt": "2025-01-15T02:17:00.000Z"');
    expect(failed).toMatch(/critical Upgrade Failed {2}[0-9a-f]{32}/);
    expect(failed).toMatch(/debug {4}Cancel Due {2}[0-9a-f]{32}/);

    // ACK's DescribeTaskInfo (`/tasks/{task_id}`) names no cluster: it is matched through the
    // task list DescribeClusterTasks gave for this cluster.
    const ack = section(out, "ack-pause");
    expect(ack).toMatch(
      /1\. DescribeClusterTasks: GET \/clusters\/\w+\/tasks\?page_size=50&page_number=1&task_type=cluster_upgrade -> HTTP 200/,
    );
    // The task API itself says `paused`, so GetUpgradeStatus (read beside a running task) is not.
    expect(ack).toMatch(/2\. DescribeTaskInfo: GET \/tasks\/T-\w+ -> HTTP 200/);
    expect(ack).not.toContain("GetUpgradeStatus");
    expect(ack).toContain("phase paused");
    expect(out).not.toContain("answers matched to no cluster");

    const refused = section(out, "cce-bad-credentials");
    expect(refused).toMatch(/1\. ListUpgradeClusterTasks: GET .* -> HTTP 401/);
    expect(refused).toContain('"error_code": "APIG.0301"');
    expect(refused).toMatch(/read failed: auth \(ListUpgradeClusterTasks, HTTP 401, APIG\.0301\)/);
    expect(refused).toMatch(/critical Poll Failed/);
    // The usual table follows.
    expect(out).toMatch(/CLUSTER\s+PROVIDER\s+PHASE\s+PROGRESS/);
  });

  it("never prints a secret, a signature or any request header", async () => {
    const io = captureIo(env);
    await main(["poll", "--config", configFile, "--explain", "--at", at], io);
    const jsonIo = captureIo(env);
    await main(["poll", "--config", configFile, "--explain", "--json", "--at", at], jsonIo);
    for (const text of [io.stdout(), io.stderr(), jsonIo.stdout(), jsonIo.stderr()]) {
      for (const s of secrets()) expect(text).not.toContain(s);
      expect(text).not.toMatch(/SDK-HMAC-SHA256|ACS3-HMAC-SHA256|Signature=|authorization/i);
      expect(text).not.toMatch(/x-sdk-date|x-acs-signature|x-security-token|x-acs-security-token/i);
    }
    // The refused key did reach the gateway (with its marker secret), so the check above means
    // something: the request was made, and only its answer is shown.
    expect(sim.requests.some((r) => r.status === 401)).toBe(true);
  });

  it("with --json, adds the same explanation as an `explain` field", async () => {
    const io = captureIo(env);
    await main(["poll", "--config", configFile, "--explain", "--json", "--at", at], io);
    const out = JSON.parse(io.stdout());
    expect(Object.keys(out).sort()).toEqual([
      "errors",
      "events",
      "explain",
      "notDue",
      "snapshots",
      "t",
    ]);
    const ack = out.explain.clusters.find(
      (c: { cluster: { name: string } }) => c.cluster.name === "ack-pause",
    );
    expect(ack.answers.map((a: RecordedAnswer) => [a.operation, a.status])).toEqual([
      ["DescribeClusterTasks", 200],
      ["DescribeTaskInfo", 200],
    ]);
    expect(JSON.parse(ack.answers[1].body).state).toBe("paused");
    expect(ack.snapshot.upgrade.phase).toBe("paused");
    expect(out.explain.unattributed).toEqual([]);
  });
});

describe("explain, pure parts", () => {
  const config = parseConfig(
    {
      clusters: [
        {
          provider: "cce",
          region: "cn-north-4",
          projectId: "0b1c2d3e4f",
          clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
          name: "prod-a",
        },
      ],
    },
    { env: {} },
  );
  const clusters = resolveClusters(config);
  const [cluster] = clusters;
  if (!cluster) throw new Error("no cluster");
  const base = `/api/v3/projects/0b1c2d3e4f/clusters/${cluster.ref.clusterId}`;

  it("says why a read was degraded, with the refused answer beside it", async () => {
    const refusal = await readFile(
      new URL("../fixtures/cce/errors/CCE.01400001.json", import.meta.url),
      "utf8",
    );
    const answers: RecordedAnswer[] = [
      {
        operation: "ListUpgradeWorkFlows",
        method: "GET",
        endpoint: cluster.endpoint,
        path: `${base}/operation/upgradeworkflows`,
        query: undefined,
        attempt: 1,
        status: 403,
        body: refusal,
        error: null,
      },
    ];
    const snapshot = {
      cluster: cluster.ref,
      readAt: "2025-03-01T10:00:00.000Z",
      upgrade: null,
      degraded: {
        reason: "upgrade-api-unavailable" as const,
        operation: "ListUpgradeWorkFlows",
        code: "CCE.01400001",
        message: "The format of message is error",
      },
    };
    const text = renderExplanation(
      explainRun(clusters, answers, { snapshots: [snapshot], failures: [], events: [] }),
      (t) => t,
    );
    expect(text).toContain(
      `1. ListUpgradeWorkFlows: GET ${base}/operation/upgradeworkflows -> HTTP 403`,
    );
    expect(text).toContain('"errorCode": "CCE.01400001"');
    expect(text).toContain(
      "degraded: upgrade-api-unavailable: ListUpgradeWorkFlows CCE.01400001: The format of message is error",
    );
  });

  it("cuts a long body at a sensible size, saying how much is left out", () => {
    const body = JSON.stringify({ message: "x".repeat(10_000) });
    const shown = showBody(body);
    expect(shown.length).toBeLessThan(MAX_SHOWN_CHARS + 100);
    expect(shown).toMatch(/… \(\d+ more characters not shown; 10019 in all\)$/);
    expect(showBody("<html>not json</html>")).toBe("<html>not json</html>");
  });

  it("redacts a secret a cloud might echo, as written and inside JSON", () => {
    const redact = redactor([MARKER_SK, 'with"quote-secret', "short"]);
    expect(redact(`key ${MARKER_SK} refused`)).toBe("key [redacted] refused");
    expect(redact(JSON.stringify({ m: 'with"quote-secret' }))).toBe('{"m":"[redacted]"}');
    expect(redact("a short word")).toBe("a short word");
  });
});
