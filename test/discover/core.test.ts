import { describe, expect, it } from "vitest";
import { DiscoverFiltersSchema, LabelRuleSchema } from "../../shared/config/discoverConfig.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { applySources } from "../../shared/discover/applySources.ts";
import { discoverySources } from "../../shared/discover/discoverySource.ts";
import { mergeInventory } from "../../shared/discover/inventory.ts";
import { labelsFromTags } from "../../shared/discover/labelsFromTags.ts";
import type { ListedCluster } from "../../shared/discover/listedCluster.ts";
import { matchCluster } from "../../shared/discover/matchCluster.ts";
import type { SourceListing } from "../../shared/discover/sourceListing.ts";
import { inVersionRange, versionTriple } from "../../shared/discover/versionRange.ts";

const cluster = (over: Partial<ListedCluster> = {}): ListedCluster => ({
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "c0123456789abcdef0123456789abcdef",
  name: "prod-payments",
  tags: { env: "prod", team: "payments" },
  typeWords: ["ManagedKubernetes", "Default", "ack.pro.small"],
  version: "1.30.1-aliyun.1",
  state: "running",
  createdAt: "2025-01-01T00:00:00.000Z",
  ...over,
});
const filters = (over: Record<string, unknown> = {}) => DiscoverFiltersSchema.parse(over);

describe("matchCluster: each filter, alone and together", () => {
  it.each([
    [{}, true, "every cluster"],
    [{ tags: { env: "prod" } }, true, "tag env=prod"],
    [{ tags: { env: "dev" } }, false, 'tag env is "prod", not "dev"'],
    [{ tags: { owner: "x" } }, false, "no tag owner"],
    [{ tagKeys: ["team"] }, true, "tag team"],
    [{ tagKeys: ["owner"] }, false, "no tag owner"],
    [{ names: ["dev-*", "prod-*"] }, true, "name prod-*"],
    [{ names: ["prod-?"] }, false, "name prod-payments matches no pattern"],
    [{ clusterTypes: ["managedkubernetes"] }, true, "type ManagedKubernetes"],
    [
      { clusterTypes: ["Serverless"] },
      false,
      "type (ManagedKubernetes, Default, ack.pro.small) is not listed",
    ],
    [{ versions: [{ atLeast: "1.28", below: "1.31" }] }, true, "version >=1.28 <1.31"],
    [{ versions: [{ below: "v1.30" }] }, false, "version 1.30.1-aliyun.1 is in no range"],
    [{ exclude: ["prod-*"] }, false, 'excluded by "prod-*"'],
    [
      { exclude: ["c0123456789abcdef0123456789abcdef"] },
      false,
      'excluded by "c0123456789abcdef0123456789abcdef"',
    ],
    [
      { tags: { env: "prod" }, names: ["prod-*"], clusterTypes: ["ack.pro.small"] },
      true,
      "tag env=prod; name prod-*; type ack.pro.small",
    ],
    [{ tags: { env: "prod" }, exclude: ["*-payments"] }, false, 'excluded by "*-payments"'],
  ])("%j -> %s (%s)", (given, matched, words) => {
    const m = matchCluster(cluster(), filters(given));
    expect(m.matched).toBe(matched);
    expect(m.matched ? m.rule : m.reason).toBe(words);
  });

  it("an ACK cluster in state deleted is never watched; any other state, known or not, is", () => {
    expect(matchCluster(cluster({ state: "deleted" }), filters())).toEqual({
      matched: false,
      reason: "state is deleted",
    });
    expect(matchCluster(cluster({ state: "brand_new_state" }), filters()).matched).toBe(true);
  });

  it("a tag with an empty value passes a key-only filter and an exact filter for the empty string", () => {
    const c = cluster({ tags: { owner: "" } });
    expect(matchCluster(c, filters({ tagKeys: ["owner"] })).matched).toBe(true);
    expect(matchCluster(c, filters({ tags: { owner: "" } })).matched).toBe(true);
  });

  it("a cluster with no version passes no version range", () => {
    expect(
      matchCluster(cluster({ version: null }), filters({ versions: [{ atLeast: "1.0" }] })),
    ).toEqual({ matched: false, reason: "version unknown is in no range" });
  });
});

describe("versions: compared by major, minor and patch, vendor suffixes ignored", () => {
  it.each([
    ["v1.28.3-r0", [1, 28, 3]],
    ["1.32.1-aliyun.1", [1, 32, 1]],
    ["v1.29", [1, 29, 0]],
    ["latest", undefined],
  ])("%s -> %j", (v, triple) => expect(versionTriple(v)).toEqual(triple));

  it.each([
    ["v1.28.0-r0", { atLeast: "v1.28" }, true],
    ["v1.27.9-r3", { atLeast: "v1.28" }, false],
    ["v1.30.0-r0", { below: "v1.30" }, false],
    ["v1.29.15-r1", { below: "v1.30" }, true],
    ["1.31.1-aliyun.1", { atLeast: "1.30", below: "1.32" }, true],
  ])("%s in %j: %s", (v, range, inside) => expect(inVersionRange(v, range)).toBe(inside));
});

describe("labelsFromTags: the configurable rule, within the label bounds", () => {
  const tags = { env: "prod", team: "payments", "cost-center": "cc-42" };
  const rule = (over: Record<string, unknown>) => LabelRuleSchema.parse(over);
  it.each([
    [{}, { "cost-center": "cc-42", env: "prod", team: "payments" }],
    [{ fromTags: "none" }, {}],
    [{ fromTags: ["env", "missing"] }, { env: "prod" }],
    [{ fromTags: { "cost-center": "costCenter" } }, { costCenter: "cc-42" }],
    [
      { fromTags: ["env"], set: { env: "production", cloud: "ali" } },
      { env: "production", cloud: "ali" },
    ],
  ])("%j -> %j", (given, labels) => expect(labelsFromTags(tags, rule(given))).toEqual(labels));

  it("keeps at most 50 labels (fixed ones first, then tags by key) and leaves out an over-long tag", () => {
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`k${String(i).padStart(2, "0")}`, "v"]),
    );
    const labels = labelsFromTags({ ...many, zz: "x".repeat(300) }, rule({ set: { fixed: "1" } }));
    expect(Object.keys(labels)).toHaveLength(50);
    expect(labels.fixed).toBe("1");
    expect(labels.k00).toBe("v");
    expect(labels.k48).toBe("v");
    expect(labels.k49).toBeUndefined();
    expect(labelsFromTags({ zz: "x".repeat(300) }, rule({}))).toEqual({});
  });
});

describe("the merge: one sorted inventory, the listed entry wins", () => {
  const config = parseConfig(
    {
      defaults: { dryRun: false },
      discover: {
        ack: [
          {
            name: "ali-prod",
            credentials: "ali-prod",
            regions: ["cn-hangzhou"],
            filters: { tags: { env: "prod" } },
            labels: { set: { source: "ali" } },
            overrides: { dryRun: true },
          },
          { name: "ali-again", credentials: "ali-prod", regions: ["cn-hangzhou"] },
        ],
      },
      clusters: [
        {
          provider: "ack",
          region: "cn-hangzhou",
          clusterId: "cb",
          name: "listed-name",
          labels: { team: "listed" },
          credentials: "ali-listed",
        },
      ],
      receivers: [],
      routes: [],
    },
    { env: {} },
  );
  const sources = discoverySources(config);
  const listing: SourceListing[] = sources.map((source) => ({
    source,
    scopes: [
      {
        scope: source.scopes[0] as (typeof source.scopes)[0],
        clusters: [
          cluster({ clusterId: "cc", name: "c-new" }),
          cluster({ clusterId: "cb", name: "b-both" }),
          cluster({ clusterId: "ca", name: "a-dev", tags: { env: "dev" } }),
        ],
        complete: true,
        failure: null,
        pages: 1,
        unreadable: 0,
      },
    ],
  }));
  const result = applySources(listing);
  const inventory = mergeInventory(resolveClusters(config), result.matched, config.defaults);

  it("is sorted by cluster key and holds each cluster once", () => {
    expect(inventory.map((c) => c.key)).toEqual([
      "ack/cn-hangzhou/-/ca",
      "ack/cn-hangzhou/-/cb",
      "ack/cn-hangzhou/-/cc",
    ]);
  });

  it("a listed and discovered cluster keeps its listed name, labels, credentials and policy", () => {
    const both = inventory.find((c) => c.key === "ack/cn-hangzhou/-/cb");
    expect(both?.origin).toBe("both");
    expect(both?.ref.name).toBe("listed-name");
    expect(both?.ref.labels).toEqual({ team: "listed" });
    expect(both?.credentials).toBe("ali-listed");
    expect(both?.policy.dryRun).toBe(false);
    expect(both?.discovery).toMatchObject({ source: "ali-prod", alsoMatchedBy: ["ali-again"] });
  });

  it("a discovered cluster takes its labels from tags and its policy from defaults plus the source's overrides", () => {
    const found = inventory.find((c) => c.key === "ack/cn-hangzhou/-/cc");
    expect(found?.origin).toBe("discovered");
    expect(found?.ref.labels).toEqual({ env: "prod", source: "ali", team: "payments" });
    expect(found?.policy.dryRun).toBe(true);
    expect(found?.credentials).toBe("ali-prod");
    expect(found?.endpoint).toBe("https://cs.cn-hangzhou.aliyuncs.com");
  });

  it("a cluster one source skips can belong to another source", () => {
    const dev = inventory.find((c) => c.key === "ack/cn-hangzhou/-/ca");
    expect(dev?.discovery?.source).toBe("ali-again");
    expect(result.skipped).toEqual([
      expect.objectContaining({ source: "ali-prod", reason: 'tag env is "dev", not "prod"' }),
    ]);
  });

  it("is the same list whatever order the list operation answered in", () => {
    const shuffled = listing.map((l) => ({
      ...l,
      scopes: l.scopes.map((s) => ({ ...s, clusters: [...s.clusters].reverse() })),
    }));
    const again = mergeInventory(
      resolveClusters(config),
      applySources(shuffled).matched,
      config.defaults,
    );
    expect(again).toEqual(inventory);
  });
});
