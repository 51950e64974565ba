import type { Provider } from "../../../shared/model/cluster.ts";
import { parseScenario } from "./loadScenario.ts";
import { createRandom } from "./random.ts";
import type { Scenario } from "./scenarioSchema.ts";

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Scenario time zero; defaults to a fixed date so runs compare. */
  start?: string;
  /** How many accounts (access keys) the clusters are spread over. */
  accounts?: number;
  /** Only these providers, round-robin (default all three). */
  providers?: Provider[];
  /** The regions to spread clusters over, for every provider (default a few per provider). */
  regions?: string[];
}

/** Tags every generated cluster carries, deterministic from its index, for discovery filters. */
export const generatedTags = (i: number): Record<string, string> => ({
  env: i % 5 === 0 ? "dev" : "prod",
  team: ["payments", "search", "platform", "data"][i % 4] as string,
  ...(i % 3 === 0 ? { "cost-center": `cc-${i % 11}` } : {}),
});

const PROVIDERS: Provider[] = ["cce", "cce-autopilot", "ack"];
const REGIONS: Record<Provider, string[]> = {
  cce: ["cn-north-4", "cn-east-3", "ap-southeast-1"],
  "cce-autopilot": ["cn-north-4", "cn-south-1"],
  ack: ["cn-hangzhou", "cn-beijing", "ap-southeast-1"],
};
const VERSIONS: Record<Provider, [string, string]> = {
  cce: ["v1.28.3-r0", "v1.29.1-r0"],
  "cce-autopilot": ["v1.28.3-r0", "v1.29.1-r0"],
  ack: ["1.30.1-aliyun.1", "1.31.1-aliyun.1"],
};

type Timeline = Record<string, unknown>[];

/**
 * Archetypes with their share of clusters. Start offsets are drawn so that, at scenario start,
 * clusters sit in every phase: idle, prechecking, mid-upgrade, paused, stalled, done, failed.
 */
const ARCHETYPES: {
  weight: number;
  build: (r: () => number) => { startAt: number; timeline: Timeline } | null;
}[] = [
  { weight: 20, build: () => null },
  {
    weight: 30,
    build: (r) => ({
      startAt: -Math.floor(r() * 1800),
      timeline: [
        { phase: "precheck", duration: 120 },
        { phase: "upgrade", duration: 1200 + Math.floor(r() * 1200) },
        { phase: "success" },
      ],
    }),
  },
  {
    weight: 20,
    build: (r) => ({
      startAt: -3600 - Math.floor(r() * 86_400),
      timeline: [
        { phase: "precheck", duration: 120 },
        { phase: "upgrade", duration: 1800 },
        { phase: "success" },
      ],
    }),
  },
  {
    weight: 10,
    build: (r) => ({
      startAt: -Math.floor(r() * 3600),
      timeline: [
        { phase: "precheck", duration: 120 },
        { phase: "upgrade", duration: 600, progressTo: 40 + Math.floor(r() * 40) },
        { phase: "failure", message: "upgrade cluster master failed" },
      ],
    }),
  },
  {
    weight: 10,
    build: (r) => ({
      startAt: -Math.floor(r() * 3600),
      timeline: [
        { phase: "precheck", duration: 60 },
        { phase: "upgrade", duration: 300, progressTo: 30 },
        { phase: "pause" },
        { phase: "upgrade", duration: 600 },
        { phase: "success" },
      ],
    }),
  },
  {
    weight: 5,
    build: (r) => ({
      startAt: -Math.floor(r() * 7200),
      timeline: [
        { phase: "precheck", duration: 60 },
        { phase: "upgrade", duration: 300, progressTo: 55 },
        { phase: "stall" },
      ],
    }),
  },
  {
    weight: 5,
    build: (r) => ({
      startAt: Math.floor(r() * 3600),
      timeline: [
        { phase: "precheck", duration: 300 },
        { phase: "upgrade", duration: 1800 },
        { phase: "success" },
      ],
    }),
  },
];
const TOTAL_WEIGHT = ARCHETYPES.reduce((sum, a) => sum + a.weight, 0);

function pickArchetype(draw: number): (typeof ARCHETYPES)[number] | undefined {
  let left = draw;
  for (const a of ARCHETYPES) {
    left -= a.weight;
    if (left < 0) return a;
  }
  return ARCHETYPES[0];
}

const ACK_OTHER_TYPES = ["nodepool_upgrade", "cluster_addon_upgrade", "runtime_upgrade"];

/**
 * ACK's other tasks for one cluster: two in five have a node-pool, add-on or runtime task near
 * the scenario start (some started before it, some during it), beside the cluster upgrade and
 * the add-on task ACK starts after a success. Drawn from their own stream, so the archetype mix
 * does not change with them.
 */
function ackOtherTasksFor(r: () => number): Record<string, unknown>[] {
  if (r() >= 0.4) return [];
  const taskType = ACK_OTHER_TYPES[Math.floor(r() * ACK_OTHER_TYPES.length)] as string;
  return [
    { taskType, startAt: Math.floor(r() * 7200) - 3600, duration: 120 + Math.floor(r() * 600) },
  ];
}

/**
 * N clusters across the three providers, deterministic from the seed, for the benchmark. The
 * result is small data: states are computed lazily from it, so 10,000 clusters are cheap.
 */
export function generateScenario(options: GenerateOptions): Scenario {
  const seed = options.seed ?? 1;
  const r = createRandom(seed);
  const ackDraws = createRandom(seed + 7919);
  const accounts = Math.max(1, options.accounts ?? 1);
  const credentials = Array.from({ length: accounts }, (_, i) => ({
    ak: `SIMGEN${seed}AK${String(i).padStart(4, "0")}`,
    sk: `simgen-secret-${seed}-${i}`,
  }));
  const clusters = Array.from({ length: options.count }, (_, i) => {
    const providers = options.providers ?? PROVIDERS;
    const provider = providers[i % providers.length] as Provider;
    const regions = options.regions ?? REGIONS[provider];
    const [version, targetVersion] = VERSIONS[provider];
    const archetype = pickArchetype(r() * TOTAL_WEIGHT);
    const upgrade = archetype?.build(r) ?? null;
    const id = `gen-${seed}-${String(i).padStart(5, "0")}`;
    const region = regions[Math.floor(i / providers.length) % regions.length] as string;
    return {
      provider,
      region,
      // A Huawei project belongs to one region, so each region has its own project ids.
      ...(provider === "ack" ? {} : { projectId: `proj-${region}-${i % 7}` }),
      clusterId: provider === "ack" ? `c${id.replace(/-/g, "")}` : id,
      name: `${provider}-${String(i).padStart(5, "0")}`,
      version,
      targetVersion,
      credentials: (credentials[i % accounts] as { ak: string }).ak,
      tags: generatedTags(i),
      ...(upgrade ? { upgrade } : {}),
      ...(provider === "ack" ? { ackTasks: ackOtherTasksFor(ackDraws) } : {}),
    };
  });
  return parseScenario({
    name: `generated-${options.count}-seed-${seed}`,
    start: options.start ?? "2025-01-15T02:00:00Z",
    seed,
    credentials,
    clusters,
  });
}
