import type { ConfigDocument } from "../config/configSchema.ts";
import type {
  AckSource,
  DiscoverFilters,
  HuaweiSource,
  LabelRule,
} from "../config/discoverConfig.ts";
import { defaultEndpoint } from "../config/endpoint.ts";
import type { PolicyOverrides } from "../config/policy.ts";
import type { Provider } from "../model/cluster.ts";

/** One region (Huawei: one project) a source lists, with the host it is listed at. */
export interface SourceScope {
  region: string;
  /** Huawei only. */
  projectId?: string | undefined;
  /** Origin of the API: the source's `endpoint`, else the region's host from the SDK map. */
  endpoint: string;
}

/** A `discover` source, the same shape for every provider family. Holds no secret. */
export interface DiscoverySource {
  name: string;
  provider: Provider;
  credentials: string;
  account: string | undefined;
  scopes: SourceScope[];
  filters: DiscoverFilters;
  labels: LabelRule;
  overrides: PolicyOverrides;
}

const FAMILIES = ["cce", "cce-autopilot", "ack"] as const satisfies readonly Provider[];

/**
 * The config's sources in a fixed order (cce, cce-autopilot, ack, each as written), which is
 * also the order that decides which source a cluster matched by two sources belongs to.
 */
export function discoverySources(config: Pick<ConfigDocument, "discover">): DiscoverySource[] {
  return FAMILIES.flatMap((provider) =>
    (config.discover[provider] as (HuaweiSource | AckSource)[]).map((source) =>
      toSource(provider, source),
    ),
  );
}

function toSource(provider: Provider, source: HuaweiSource | AckSource): DiscoverySource {
  const endpointOf = (region: string) => source.endpoint ?? defaultEndpoint(provider, region);
  const scopes: SourceScope[] =
    "projects" in source
      ? source.projects.map((p) => ({
          region: p.region,
          projectId: p.projectId,
          endpoint: endpointOf(p.region),
        }))
      : source.regions.map((region) => ({ region, endpoint: endpointOf(region) }));
  return {
    name: source.name,
    provider,
    credentials: source.credentials,
    account: source.account,
    scopes,
    filters: source.filters,
    labels: source.labels,
    overrides: source.overrides,
  };
}

/** `cn-north-4` or `cn-north-4/0a1b…` (Huawei), for messages and logs. */
export const scopeName = (scope: Pick<SourceScope, "region" | "projectId">): string =>
  scope.projectId === undefined ? scope.region : `${scope.region}/${scope.projectId}`;
