import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { MIN } from "../helpers/demo-harness.ts";

// `poll --publish` as a user runs it: the real binary in its own process, so the AWS SDK finds
// (or misses) its settings in that process's environment and home directory, as it would on a
// laptop. The clusters are the simulator's, on loopback. EventBridge itself cannot run here:
// a small HTTP server stands in for its PutEvents endpoint (AWS_ENDPOINT_URL_EVENTBRIDGE), and
// is the only fake.
const bin = new URL("../../bin/upgrade-shepherd.mjs", import.meta.url).pathname;

let sim: Simulator;
let configFile: string;
let credentialsEnv: Record<string, string>;
let home: string;
let at: string;

beforeAll(async () => {
  const scenario = await loadScenario("demo");
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(Date.parse(scenario.start) + 18 * MIN)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: { lag: "0s" },
  });
  credentialsEnv = generated.env;
  home = await mkdtemp(join(tmpdir(), "poll-home-"));
  configFile = join(home, "config.json");
  await writeFile(configFile, JSON.stringify(generated.config));
  at = new Date(Date.parse(scenario.start) + 20 * MIN).toISOString();
});
afterAll(async () => {
  await sim.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary with only the variables given: no AWS settings unless a test adds them. */
const poll = (args: string[], env: Record<string, string>): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, "poll", "--config", configFile, "--at", at, ...args],
      {
        env: {
          HOME: home,
          AWS_CONFIG_FILE: join(home, "no-config"),
          AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_SDK_JS_SUPPRESS_DEPRECATION_WARNINGS: "1",
          ...credentialsEnv,
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });

/** Stands in for EventBridge's PutEvents endpoint; `answer` decides each reply. */
async function fakeEventBridge(
  answer: (entries: unknown[]) => { status: number; body: unknown },
): Promise<{ url: string; entries: unknown[]; server: Server }> {
  const entries: unknown[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const batch = (JSON.parse(body).Entries ?? []) as unknown[];
      const reply = answer(batch);
      if (reply.status === 200) entries.push(...batch);
      res.writeHead(reply.status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    entries,
    server,
  };
}

const awsEnv = (url: string) => ({
  AWS_REGION: "ap-southeast-1",
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_ENDPOINT_URL_EVENTBRIDGE: url,
});

describe("upgrade-shepherd poll --publish", () => {
  it("without an AWS region says what to set, reads nothing, and exits 2 (no stack trace)", async () => {
    const before = sim.requests.length;
    const run = await poll(["--publish"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--publish needs an AWS region: set AWS_REGION");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain("Region is missing");
    expect(sim.requests.length).toBe(before);
  });

  it("without AWS credentials says what to set and exits 2", async () => {
    const run = await poll(["--publish"], { AWS_REGION: "ap-southeast-1" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--publish needs AWS credentials allowed to call events:PutEvents on the bus: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("publishes every event of the run and exits 1, since one cluster was unread", async () => {
    const bus = await fakeEventBridge((batch) => ({
      status: 200,
      body: { FailedEntryCount: 0, Entries: batch.map((_, i) => ({ EventId: `e${i}` })) },
    }));
    try {
      const run = await poll(["--publish", "--json"], awsEnv(bus.url));
      expect(run.code).toBe(1);
      const out = JSON.parse(run.stdout);
      expect(bus.entries).toHaveLength(out.events.length);
      expect(run.stderr).toContain(
        `published ${out.events.length} event(s) to upgrade-shepherd in 1 call(s)`,
      );
      expect(bus.entries.map((e) => (e as { DetailType: string }).DetailType).sort()).toEqual(
        out.events.map((e: { detailType: string }) => e.detailType).sort(),
      );
    } finally {
      bus.server.close();
    }
  });

  it("exits 3 with one line when the bus refuses the events, after printing what was read", async () => {
    const bus = await fakeEventBridge(() => ({
      status: 400,
      body: {
        __type: "ResourceNotFoundException",
        message: "Event bus upgrade-shepherd does not exist.",
      },
    }));
    try {
      const run = await poll(["--publish"], awsEnv(bus.url));
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        "upgrade-shepherd poll: publish to bus upgrade-shepherd failed: ResourceNotFoundException: Event bus upgrade-shepherd does not exist.",
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toMatch(/autopilot-fail\s+cce-autopilot\s+failed/);
    } finally {
      bus.server.close();
    }
  });
});
