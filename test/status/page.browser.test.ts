import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { findChromium } from "../../scripts/render-examples/chromium.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { buildStatusModel, type ClusterRead } from "../../shared/status/buildStatusModel.ts";
import { fileStatusStore } from "../../shared/status/fileStatusStore.ts";
import { writeStatusPage } from "../../shared/status/writeStatusPage.ts";
import { demoFleet, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

const run = promisify(execFile);

/**
 * The status page of the demo fleet (read through the real signed client from the simulator on
 * 127.0.0.1, 12 scenario minutes in), written by the real writer to a directory and opened in
 * headless Chromium (Debian's, as for the message pictures): with its script, and without.
 */
let h: Harness;
let dir: string;
let names: string[];
const chromium = findChromium();

async function open(
  file: string,
  extra: string[] = [],
): Promise<{ dom: string; console: string[] }> {
  const profile = await mkdtemp(join(tmpdir(), "status-profile-"));
  try {
    const { stdout, stderr } = await run(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-extensions",
        "--enable-logging=stderr",
        "--v=0",
        `--user-data-dir=${profile}`,
        "--window-size=1280,2000",
        "--virtual-time-budget=2000",
        ...extra,
        "--dump-dom",
        `file://${file}`,
      ],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return { dom: stdout, console: stderr.split("\n").filter((l) => l.includes(":CONSOLE")) };
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  h = await startDemo({ scenario: await loadScenario("demo") });
  h.at(12 * MIN);
  const fleet = demoFleet(h);
  const { snapshots, failures } = await readFleet(fleet, {
    client: h.client,
    now: () => h.clock.now(),
  });
  const reads: ClusterRead[] = fleet.map(({ target }) => ({
    cluster: target.cluster,
    snapshot: snapshots.find((s) => s.cluster.clusterId === target.cluster.clusterId) ?? null,
    failure: (() => {
      const f = failures.find((x) => x.cluster.clusterId === target.cluster.clusterId);
      return f ? { kind: f.kind, message: f.message } : null;
    })(),
  }));
  names = fleet.map((m) => m.target.cluster.name ?? m.target.cluster.clusterId);
  dir = await mkdtemp(join(tmpdir(), "status-page-"));
  const now = h.clock.now().getTime();
  const model = buildStatusModel({ t: new Date(now).toISOString(), now, reads });
  await writeStatusPage(fileStatusStore(dir), model);
}, 60_000);
afterAll(async () => {
  await h.sim.close();
  await rm(dir, { recursive: true, force: true });
});

const tableRows = (dom: string) => {
  const start = dom.indexOf('id="clusters-table"');
  const table = dom.slice(start, dom.indexOf("</table>", start));
  return [...table.matchAll(/<tr id="([^"]+)"[^>]*?(hidden="")?[^>]*>/g)];
};

describe("the status page in headless Chromium", () => {
  it("loads with no console message at all (no error, no CSP violation), and its script runs", async () => {
    const { dom, console } = await open(join(dir, "index.html"));
    expect(console).toEqual([]);
    expect(dom).toContain('data-ready="1"');
    // The script localised every time and showed the filters.
    expect(dom).not.toMatch(/<div class="filters" id="filters" hidden/);
    expect(dom).toMatch(/<span id="shown"[^>]*>7 of 7 clusters<\/span>/);
  });

  it("shows every cluster of the demo in the cluster table, each with its phase as a word", async () => {
    const { dom } = await open(join(dir, "index.html"));
    expect(names).toHaveLength(7);
    expect(tableRows(dom)).toHaveLength(7);
    for (const name of names) expect(dom).toContain(`<b>${name}</b>`);
    expect(dom).toContain('<span class="st st-running">running</span>');
    expect(dom).toContain('<span class="st st-unreadable">unreadable</span>');
  });

  it("works without JavaScript: the same table, times in UTC, the filters hidden", async () => {
    // Headless Chromium's --dump-dom prints nothing with scripts disabled, so the page is opened
    // with its one (inline) script removed: what a browser with JavaScript off runs.
    const page = await readFile(join(dir, "index.html"), "utf8");
    const stripped = page.replace(/<script>[\s\S]*?<\/script>/g, "");
    expect(stripped.length).toBeLessThan(page.length);
    await writeFile(join(dir, "no-script.html"), stripped);
    const { dom, console } = await open(join(dir, "no-script.html"));
    expect(console).toEqual([]);
    expect(dom).not.toContain('data-ready="1"');
    expect(tableRows(dom)).toHaveLength(7);
    for (const name of names) expect(dom).toContain(`<b>${name}</b>`);
    expect(dom).toMatch(
      /<time datetime="[^"]+" title="[^"]+ UTC">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/,
    );
    expect(dom).toMatch(/<div class="filters" id="filters" hidden/);
  });
});
