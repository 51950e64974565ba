/**
 * The status page's pictures: the demo fleet and the history scenario's clusters (which have
 * past upgrades, so ETAs; docs/images/status-page.png), each read from its simulator 12 scenario
 * minutes in, and a generated fleet of 1,000 clusters
 * (bench/status-page-1000.png), each the top of the page at 1280 CSS pixels wide in headless
 * Chromium. Prints each page's size and how long Chromium took to load it and run its script.
 *
 *   npx tsx scripts/status-page-shots.ts
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestClock } from "../infra/local/simulator/clock.ts";
import { loadScenario } from "../infra/local/simulator/loadScenario.ts";
import { startSimulator } from "../infra/local/simulator/server.ts";
import { createSignedClient } from "../shared/client/index.ts";
import { readFleet } from "../shared/poll/readFleet.ts";
import { buildStatusModel, type ClusterRead } from "../shared/status/buildStatusModel.ts";
import { fileStatusStore } from "../shared/status/fileStatusStore.ts";
import { writeStatusPage } from "../shared/status/writeStatusPage.ts";
import { statusFleet } from "../test/helpers/statusFleet.ts";
import { findChromium } from "./render-examples/chromium.ts";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const chromium = findChromium();

async function shoot(page: string, out: string, height: number): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), "shot-profile-"));
  try {
    const started = performance.now();
    const { stdout } = await run(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        "--window-size=1280,2000",
        "--dump-dom",
        `file://${page}`,
      ],
      { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
    );
    const loadMs = performance.now() - started;
    if (!stdout.includes('data-ready="1"'))
      throw new Error(`${page}: the page's script did not run`);
    await run(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        `--window-size=1280,${height}`,
        `--screenshot=${out}`,
        `file://${page}`,
      ],
      { timeout: 120_000 },
    );
    const size = (await readFile(page)).length;
    console.log(
      `${out}: page ${(size / 1024).toFixed(0)} KB, Chromium load + script ${loadMs.toFixed(0)} ms (whole process)`,
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

async function scenarioReads(name: string): Promise<{ reads: ClusterRead[]; now: number }> {
  const scenario = await loadScenario(name);
  const clock = createTestClock(new Date(Date.parse(scenario.start) + 12 * 60_000));
  const sim = await startSimulator({ scenario, clock, gatewayClock: clock });
  try {
    const keys = [...scenario.credentials, ...scenario.rejectedCredentials];
    const members = scenario.clusters.map((c) => ({
      credentialSet: c.credentials ?? "default",
      target: {
        cluster: {
          provider: c.provider,
          region: c.region,
          clusterId: c.clusterId,
          name: c.name,
          labels: { env: name },
          ...(c.projectId ? { projectId: c.projectId } : {}),
        },
        endpoint: sim.url,
        credentials: keys.find((k) => k.ak === c.credentials) ?? { ak: "", sk: "" },
      },
    }));
    const client = createSignedClient({ now: () => clock.now(), sleep: async () => {} });
    const { snapshots, failures } = await readFleet(members, { client, now: () => clock.now() });
    const reads = members.map(({ target }) => {
      const f = failures.find((x) => x.cluster.clusterId === target.cluster.clusterId);
      return {
        cluster: target.cluster,
        snapshot: snapshots.find((s) => s.cluster.clusterId === target.cluster.clusterId) ?? null,
        failure: f ? { kind: f.kind, message: f.message } : null,
      };
    });
    return { reads, now: clock.now().getTime() };
  } finally {
    await sim.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), "status-shots-"));
try {
  const demo = await scenarioReads("demo");
  const history = await scenarioReads("history");
  const demoDir = join(dir, "demo");
  await writeStatusPage(
    fileStatusStore(demoDir),
    buildStatusModel({
      t: new Date(demo.now).toISOString(),
      now: demo.now,
      reads: [...demo.reads, ...history.reads],
    }),
  );
  await shoot(join(demoDir, "index.html"), join(root, "docs/images/status-page.png"), 1500);

  const now = Date.parse("2026-11-29T08:00:00Z");
  const bigDir = join(dir, "big");
  await writeStatusPage(
    fileStatusStore(bigDir),
    buildStatusModel({
      t: new Date(now).toISOString(),
      now,
      reads: statusFleet(1000, now),
      stallAfterFor: () => "auto",
    }),
  );
  await shoot(join(bigDir, "index.html"), join(root, "bench/status-page-1000.png"), 1600);
} finally {
  await rm(dir, { recursive: true, force: true });
}
