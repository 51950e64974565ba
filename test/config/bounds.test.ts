import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_CHARS, MAX_LABELS } from "../../shared/config/bounds.ts";
import { loadConfig } from "../../shared/config/loadConfig.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { ConfigError } from "../../shared/errors.ts";
import { entrySize, MAX_BYTES_PER_CALL } from "../../shared/events/publish.ts";
import { toPutEventsEntry } from "../../shared/events/toPutEventsEntry.ts";
import { cceUpgrade, iso, MIN, POLICY, T0 } from "../helpers/upgrades.ts";

const KB300 = 300 * 1024;
const huge = "x".repeat(KB300);
const ack = { provider: "ack", region: "cn-hangzhou", clusterId: "c1" };
const cce = { provider: "cce", region: "cn-north-4", projectId: "p1", clusterId: "c2" };

function problemOf(input: unknown): ConfigError {
  try {
    parseConfig(input, { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config bounds: oversized input fails at cold start, naming the field", () => {
  it("a 300 KB label value, from a config file, as the function loads it", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "bounds-")), "config.yaml");
    await writeFile(
      file,
      `clusters:\n  - provider: ack\n    region: cn-hangzhou\n    clusterId: c1\n    labels:\n      team: "${huge}"\n`,
    );
    const error = await loadConfig({ env: { SHEPHERD_CONFIG_FILE: file } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.path).toBe("clusters[0].labels.team");
    expect(error.message).toContain("must be at most 256 characters; got 307200");
    // The value itself is never echoed.
    expect(error.message.length).toBeLessThan(300);
  });

  it.each([
    ["clusters[0].clusterId", { clusters: [{ ...ack, clusterId: huge }] }, MAX_CHARS.id],
    ["clusters[0].projectId", { clusters: [{ ...cce, projectId: huge }] }, MAX_CHARS.id],
    ["clusters[0].region", { clusters: [{ ...ack, region: huge }] }, MAX_CHARS.region],
    ["clusters[0].name", { clusters: [{ ...ack, name: huge }] }, MAX_CHARS.name],
    [
      "clusters[0].endpoint",
      { clusters: [{ ...ack, endpoint: `https://${huge}` }] },
      MAX_CHARS.url,
    ],
    [
      "clusters[0].healthProbes[0].url",
      { clusters: [{ ...ack, healthProbes: [{ url: `https://${huge}` }] }] },
      MAX_CHARS.url,
    ],
    [
      "defaults.maintenanceWindows[0].timeZone",
      {
        defaults: {
          maintenanceWindows: [{ timeZone: huge, days: ["sat"], start: "22:00", end: "02:00" }],
        },
        clusters: [],
      },
      MAX_CHARS.word,
    ],
    ["poll.ackUpgradeTaskType", { poll: { ackUpgradeTaskType: huge }, clusters: [] }, 64],
    ["$schema", { $schema: huge, clusters: [] }, MAX_CHARS.url],
    [
      "routes[0].name",
      {
        clusters: [],
        receivers: [{ name: "ops", type: "slack" }],
        routes: [{ name: huge, receivers: ["ops"] }],
      },
      MAX_CHARS.name,
    ],
    [
      "routes[0].labels.team",
      {
        clusters: [],
        receivers: [{ name: "ops", type: "slack" }],
        routes: [{ receivers: ["ops"], labels: { team: huge } }],
      },
      MAX_CHARS.labelValue,
    ],
  ])("%s", (path, input, max) => {
    const error = problemOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(new RegExp(`must be at most ${max} characters; got 30\\d{4}`));
    expect(error.message.length).toBeLessThan(300);
  });

  it("names, without echoing, a 300 KB label key", () => {
    const error = problemOf({ clusters: [{ ...ack, labels: { [huge]: "v" } }] });
    expect(error.path).toBe(
      'clusters[0].labels["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (307200 characters)]',
    );
    expect(error.message).toContain("has a key that must be at most 128 characters; got 307200");
    expect(error.message.length).toBeLessThan(300);
  });

  it("refuses more labels than the limit", () => {
    const labels = Object.fromEntries(
      Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, "v"]),
    );
    const error = problemOf({ clusters: [{ ...ack, labels }] });
    expect(error.path).toBe("clusters[0].labels");
    expect(error.message).toContain(
      `has ${MAX_LABELS + 1} labels; at most ${MAX_LABELS} are allowed`,
    );
  });

  it("lets a config at every limit through, and its events still fit one EventBridge entry", () => {
    const full = (n: number, c: string) => c.repeat(n);
    // A control character is 6 bytes once JSON-escaped (`\u0001`): the largest a bounded
    // character can get in an entry.
    const wide = (n: number) => "\u0001".repeat(n);
    const labels = Object.fromEntries(
      Array.from({ length: MAX_LABELS }, (_, i) => [
        `${String(i).padStart(2, "0")}${wide(MAX_CHARS.labelKey - 2)}`,
        wide(MAX_CHARS.labelValue),
      ]),
    );
    const config = parseConfig(
      {
        clusters: [
          {
            ...cce,
            clusterId: full(MAX_CHARS.id, "c"),
            projectId: full(MAX_CHARS.id, "p"),
            region: full(MAX_CHARS.region, "r"),
            name: wide(MAX_CHARS.name),
            labels,
          },
        ],
      },
      { env: {} },
    );
    const [cluster] = resolveClusters(config);
    if (!cluster) throw new Error("no cluster resolved");
    const events = decide(
      {
        cluster: cluster.ref,
        readAt: iso(T0),
        upgrade: cceUpgrade({ createdAt: iso(T0 - 4 * MIN), updatedAt: iso(T0 - 4 * MIN) }),
      },
      windowFor(new Date(T0), 5 * MIN, 2 * MIN),
      POLICY,
    );
    expect(events.map((e) => e.detailType)).toContain("Upgrade Started");
    for (const e of events) {
      const entry = toPutEventsEntry(e, "bus");
      expect(JSON.parse(entry.Detail ?? "{}").truncated).toBeUndefined();
      const size = entrySize(entry);
      expect(size).toBeGreaterThan(100_000);
      expect(size).toBeLessThan(MAX_BYTES_PER_CALL / 2);
    }
  });
});
