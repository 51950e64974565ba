import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assembleParts } from "../../shared/status/assembleParts.ts";
import { buildStatusModel, type ClusterRead } from "../../shared/status/buildStatusModel.ts";
import { statusDocument } from "../../shared/status/statusDocument.ts";
import { StatusModelSchema } from "../../shared/status/statusModel.ts";
import { STATUS_PAGE_SCRIPT } from "../../shared/status/statusPageScript.ts";
import { CCE, cceUpgrade, HOUR, iso, MIN, T0 } from "../decide/fixtures.ts";
import { statusFleet } from "../helpers/statusFleet.ts";

const T = iso(T0);

const past = (id: string, daysAgo: number, minutes: number) =>
  cceUpgrade({
    id,
    phase: "succeeded",
    createdAt: iso(T0 - daysAgo * 24 * HOUR),
    finishedAt: iso(T0 - daysAgo * 24 * HOUR + minutes * MIN),
    steps: [],
  });

const hostile = '<img src=x onerror=alert(1)>"\u202Egnp.exe';

describe("buildStatusModel", () => {
  it("gives a running cluster its ETA from its own past and marks a stall against it (auto)", () => {
    const reads: ClusterRead[] = [
      {
        cluster: CCE,
        snapshot: {
          cluster: CCE,
          readAt: T,
          upgrade: cceUpgrade({ createdAt: iso(T0 - 10 * MIN), steps: [] }),
          history: [past("a", 3, 40), past("b", 2, 44), past("c", 1, 60)],
        },
        failure: null,
      },
      {
        cluster: { ...CCE, clusterId: "slow" },
        snapshot: {
          cluster: { ...CCE, clusterId: "slow" },
          readAt: T,
          upgrade: cceUpgrade({
            id: "s",
            createdAt: iso(T0 - 100 * MIN),
            updatedAt: iso(T0 - MIN),
            steps: [],
          }),
          history: [past("d", 3, 40), past("e", 4, 40), past("f", 5, 40)],
        },
        failure: null,
      },
      {
        cluster: { ...CCE, clusterId: "new" },
        snapshot: {
          cluster: { ...CCE, clusterId: "new" },
          readAt: T,
          upgrade: cceUpgrade({
            id: "n",
            createdAt: iso(T0 - 100 * MIN),
            updatedAt: iso(T0 - MIN),
            steps: [],
          }),
          history: [past("g", 3, 20)],
        },
        failure: null,
      },
    ];
    const model = buildStatusModel({ t: T, now: T0, reads, stallAfterFor: () => "auto" });
    const [running, slow, fresh] = model.clusters;
    expect(running?.eta).toMatchObject({ basis: "cluster", samples: 3, remainingMs: 34 * MIN });
    expect(running?.stalled).toBeNull();
    // Usually 40 minutes; 100 minutes is past twice that (80), though it updated a minute ago.
    expect(slow?.stalled).toEqual({ step: null, runningForMs: 100 * MIN, usualMs: 40 * MIN });
    // One past upgrade of its own is too few: the fleet's ETA (7 upgrades, usually 40m), but
    // its stall is judged by its own past only, so by silence (3h), and it is not stalled.
    expect(fresh?.eta).toMatchObject({ basis: "fleet", samples: 7, usualTotalMs: 40 * MIN });
    expect(fresh?.stalled).toBeNull();
    // The fixed rule (3h of silence) would not call it stalled.
    const fixed = buildStatusModel({ t: T, now: T0, reads });
    expect(fixed.clusters[1]?.stalled).toBeNull();
    expect(model.recent.map((e) => e.upgradeId)).toEqual([
      "f40cafed-7bf1-4c3b-b619-80113b4bbb18",
      "n",
      "s",
      "c",
      "b",
      "a",
      "g",
      "d",
      "e",
      "f",
    ]);
    expect(StatusModelSchema.safeParse(model).success).toBe(true);
  });
});

describe("renderStatusPage", () => {
  const reads = statusFleet(40, T0);
  reads.push({
    cluster: { ...CCE, clusterId: "hostile", name: hostile, labels: { [hostile]: hostile } },
    snapshot: null,
    failure: { kind: "parse", message: hostile },
  });
  const model = buildStatusModel({ t: T, now: T0, reads });
  const { html, json } = statusDocument(assembleParts([model], T));

  it("shows every cluster once in the cluster table, with its phase as a word and a colour class", () => {
    const table = html.slice(
      html.indexOf('id="clusters-table"'),
      html.indexOf("</table>", html.indexOf('id="clusters-table"')),
    );
    for (const c of model.clusters) {
      expect(table.split(`data-search="`).length - 1).toBe(model.clusters.length);
      expect(table).toContain(
        `<tr id="${c.cluster.provider}/${c.cluster.region}/${c.cluster.clusterId}"`,
      );
    }
    expect(table).toContain('<span class="st st-running">running</span>');
    expect(table).toContain('<span class="st st-unreadable">unreadable</span>');
  });

  it("escapes every outside string and drops bidi overrides", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain("\u202E");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;gnp.exe");
  });

  it("allows exactly its own inline script and nothing from outside", () => {
    const hash = createHash("sha256").update(STATUS_PAGE_SCRIPT).digest("base64");
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it("writes times as UTC text inside <time> for the script to localise", () => {
    expect(html).toContain(
      `<time datetime="${T}" title="2025-03-01 10:00 UTC">2025-03-01 10:00 UTC</time>`,
    );
  });

  it("carries the same data as JSON, with counts per provider and label", () => {
    expect(json.clusters).toHaveLength(41);
    expect(json.summary.clusters).toBe(41);
    expect(json.summary.byProvider.reduce((n, p) => n + p.total, 0)).toBe(41);
    const env = json.summary.byLabel.filter((l) => l.key === "env");
    expect(env.reduce((n, l) => n + l.total, 0)).toBe(40);
    expect(JSON.parse(JSON.stringify(json)).summary.versions.length).toBeGreaterThan(0);
  });
});

describe("assembleParts", () => {
  it("joins the parts of one run, ignores another run's, and names the shards still missing", () => {
    const fleet = statusFleet(9, T0);
    const part = (index: number, reads: ClusterRead[], t = T) =>
      buildStatusModel({ t, now: T0, reads, part: { index, count: 3 } });
    const stale = part(1, fleet.slice(3, 6), iso(T0 - 5 * MIN));
    const { model, missing } = assembleParts(
      [part(0, fleet.slice(0, 3)), stale, part(2, fleet.slice(6)), part(2, fleet.slice(6))],
      T,
    );
    expect(missing).toEqual([1]);
    expect(model.clusters).toHaveLength(6);
    expect(model.part).toEqual({ index: 0, count: 3, attempt: 1 });
  });
});
