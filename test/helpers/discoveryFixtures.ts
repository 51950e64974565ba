/**
 * The discovery events as the product makes them: a parsed config with `discover` sources,
 * listings as the readers return them, and the real `applySources`, `mergeInventory` and
 * `judgeDiscovery`. Every event is parsed with `ShepherdEventSchema`.
 */

import { parseConfig } from "../../shared/config/parseConfig.ts";
import { mergePolicy } from "../../shared/config/policy.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { judgeDiscovery } from "../../shared/decide/judgeDiscovery.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { applySources } from "../../shared/discover/applySources.ts";
import { discoverySources } from "../../shared/discover/discoverySource.ts";
import { mergeInventory } from "../../shared/discover/inventory.ts";
import type { ListedCluster } from "../../shared/discover/listedCluster.ts";
import type { ScopeListing, SourceListing } from "../../shared/discover/sourceListing.ts";
import { type EventOf, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";

const MIN = 60_000;
/** 2025-03-01T10:00:00Z, the first run of its hour; W is (09:53, 09:58]. */
export const DISCOVERY_T0 = Date.parse("2025-03-01T10:00:00.000Z");
export const DISCOVERY_WINDOW = windowFor(new Date(DISCOVERY_T0), 5 * MIN, 2 * MIN);

export const DISCOVERY_CONFIG = parseConfig(
  {
    defaults: { repeat: "1h" },
    discover: {
      cce: [
        {
          name: "huawei-prod",
          credentials: "huawei-prod",
          account: "hw-prod-account",
          projects: [{ region: "cn-north-4", projectId: "0b1c2d3e4f" }],
          filters: { tags: { env: "prod" } },
        },
      ],
      ack: [
        {
          name: "ali-prod",
          credentials: "ali-prod",
          regions: ["cn-hangzhou", "cn-shanghai"],
          filters: { names: ["edge-*"] },
        },
      ],
    },
    clusters: [
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: "0b1c2d3e4f",
        clusterId: "4d1ecb2c-229a-11ee-9d2b-0255ac100b0e",
        name: "legacy-a",
        credentials: "huawei-prod",
      },
    ],
  },
  { env: {} },
);

export const NEW_CCE: ListedCluster = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "9a8b7c6d-5e4f-11f0-9d2b-0255ac100b0e",
  name: "payments-prod-eu",
  tags: { env: "prod", team: "payments" },
  typeWords: ["CCE", "VirtualMachine", "cce.s2.small"],
  version: "v1.29.1-r0",
  state: "Available",
  createdAt: new Date(DISCOVERY_T0 - 4 * MIN).toISOString(),
};

const sources = discoverySources(DISCOVERY_CONFIG);
const scope = (i: number, j: number) =>
  sources[i]?.scopes[j] as SourceListing["scopes"][0]["scope"];
const listing = (over: Partial<ScopeListing> & Pick<ScopeListing, "scope">): ScopeListing => ({
  clusters: [],
  complete: true,
  failure: null,
  pages: 1,
  unreadable: 0,
  ...over,
});

/** The CCE project lists a new cluster and not `legacy-a`; ACK's cn-shanghai refuses the key. */
export const DISCOVERY_LISTINGS: SourceListing[] = [
  {
    source: sources[0] as SourceListing["source"],
    scopes: [listing({ scope: scope(0, 0), clusters: [NEW_CCE] })],
  },
  {
    source: sources[1] as SourceListing["source"],
    scopes: [
      listing({ scope: scope(1, 0) }),
      listing({
        scope: scope(1, 1),
        complete: false,
        pages: 0,
        failure: {
          kind: "auth",
          operation: "DescribeClustersV1",
          status: 404,
          code: "InvalidAccessKeyId.NotFound",
          message: "Specified access key is not found.",
          requestId: "7C5D1E2F-3A4B-5C6D-7E8F-9A0B1C2D3E4F",
        },
      }),
    ],
  },
];

export function judgeFixture(listings: SourceListing[] = DISCOVERY_LISTINGS, t = DISCOVERY_T0) {
  const result = applySources(listings);
  const listed = resolveClusters(DISCOVERY_CONFIG);
  const inventory = mergeInventory(listed, result.matched, DISCOVERY_CONFIG.defaults);
  const events = judgeDiscovery({
    window: windowFor(new Date(t), 5 * MIN, 2 * MIN),
    repeatMsOf: (s) => mergePolicy(DISCOVERY_CONFIG.defaults, s.overrides).repeat,
    listings,
    failed: result.failed,
    inventory,
    listed,
  }).map((e) => ShepherdEventSchema.parse(e));
  return { result, inventory, events };
}

const fixture = judgeFixture();
const of = <D extends "Cluster Discovered" | "Cluster Gone" | "Discovery Failed">(d: D) =>
  fixture.events.find((e) => e.detailType === d) as EventOf<D>;

export const DISCOVERY_EVENTS = {
  "Cluster Discovered": of("Cluster Discovered"),
  "Cluster Gone": of("Cluster Gone"),
  "Discovery Failed": of("Discovery Failed"),
};
