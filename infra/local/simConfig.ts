import { credentialsVariable } from "../../shared/config/loadCredentials.ts";
import type { PolicyOverrides } from "../../shared/config/policy.ts";

/** The simulator's first stdout line (`describeSimulator`): what a script needs to use it. */
export interface SimulatorInfo {
  url: string;
  credentials: { ak: string; sk: string }[];
  rejectedCredentials?: { ak: string; sk: string }[];
  clusters: {
    provider: "cce" | "cce-autopilot" | "ack";
    region: string;
    projectId?: string;
    clusterId: string;
    name: string;
  }[];
  clusterCredentials?: Record<string, string>;
}

/** A credential set's name from its access key: lowercase, as config names must be. */
export const credentialSetName = (ak: string): string => ak.toLowerCase().slice(0, 63);

/**
 * A config document and the environment that go with a running simulator: every cluster at the
 * simulator's URL, signed with its own key (the rejected ones included, so the bad-credentials
 * path is real), with per-cluster overrides by name.
 */
export function configForSimulator(
  info: SimulatorInfo,
  options: {
    defaults?: Record<string, unknown>;
    poll?: Record<string, unknown>;
    overrides?: Record<string, PolicyOverrides | Record<string, unknown>>;
    bus?: string;
  } = {},
): { config: Record<string, unknown>; env: Record<string, string> } {
  const keys = [...info.credentials, ...(info.rejectedCredentials ?? [])];
  const env: Record<string, string> = {};
  for (const { ak, sk } of keys) {
    env[credentialsVariable(credentialSetName(ak))] = JSON.stringify({ ak, sk });
  }
  const fallback = info.credentials[0]?.ak ?? "";
  const clusters = info.clusters.map((c) => {
    const overrides = options.overrides?.[c.name];
    return {
      provider: c.provider,
      region: c.region,
      ...(c.projectId ? { projectId: c.projectId } : {}),
      clusterId: c.clusterId,
      name: c.name,
      endpoint: info.url,
      credentials: credentialSetName(info.clusterCredentials?.[c.clusterId] ?? fallback),
      ...(overrides ? { overrides } : {}),
    };
  });
  return {
    config: {
      ...(options.bus ? { bus: options.bus } : {}),
      ...(options.defaults ? { defaults: options.defaults } : {}),
      // The simulator has no rate limit unless a scenario sets one: pace no slower than it.
      poll: { concurrency: { requestsPerSecond: 1000 }, ...options.poll },
      clusters,
    },
    env,
  };
}
