import type { ClusterRef } from "../model/cluster.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { ClusterConfig } from "./clusterConfig.ts";
import { configErrorFrom } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { crossFieldProblems } from "./crossFieldProblems.ts";
import { defaultEndpoint } from "./endpoint.ts";
import type { HealthProbe } from "./healthProbe.ts";
import { mergePolicy, type Policy } from "./policy.ts";

/** Everything later code needs about one cluster, with defaults applied. Holds no secret. */
export interface ResolvedCluster {
  /** `clusterKey(ref)`. */
  key: string;
  ref: ClusterRef;
  /** Origin of the API, e.g. `https://cce.cn-north-4.myhuaweicloud.com`. */
  endpoint: string;
  /** Name of the credential set to sign with. */
  credentials: string;
  /** `defaults` overlaid by the cluster's overrides. */
  policy: Policy;
  healthProbes: HealthProbe[];
}

/**
 * The one view of the inventory the functions act on. It re-checks the cross-field rules, so a
 * config built in code (a test, the CLI) cannot resolve into duplicates or an unusable policy.
 */
export function resolveClusters(config: ConfigDocument): ResolvedCluster[] {
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw configErrorFrom(problems);
  return config.clusters.map((cluster) =>
    resolveOne(cluster, mergePolicy(config.defaults, cluster.overrides)),
  );
}

function resolveOne(cluster: ClusterConfig, policy: Policy): ResolvedCluster {
  const ref: ClusterRef = {
    provider: cluster.provider,
    region: cluster.region,
    clusterId: cluster.clusterId,
    labels: cluster.labels,
  };
  if (cluster.projectId !== undefined) ref.projectId = cluster.projectId;
  if (cluster.name !== undefined) ref.name = cluster.name;
  return {
    key: clusterKey(ref),
    ref,
    endpoint: cluster.endpoint ?? defaultEndpoint(cluster.provider, cluster.region),
    credentials: cluster.credentials,
    policy,
    healthProbes: cluster.healthProbes,
  };
}
