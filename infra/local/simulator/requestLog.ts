import type { Provider } from "../../../shared/model/cluster.ts";
import type { FaultKind } from "./scenarioSchema.ts";

/**
 * One request as the simulator saw it. Later tests assert on these ("no cancel reached the
 * cloud", "exactly one attempt with the bad key"), so every request is logged, answered or not.
 */
export interface RequestLogEntry {
  /** Simulator-clock time the request was answered (or dropped), ISO 8601. */
  time: string;
  method: string;
  path: string;
  /** The raw query string as sent (no `?`), e.g. `page_size=50&page_number=1&task_type=cluster_upgrade`. */
  query: string;
  /** The API operation, e.g. `ListUpgradeClusterTasks`; null for an unknown route. */
  operation: string | null;
  provider: Provider | null;
  /** The access key the request was signed with, when one could be read. */
  ak: string | null;
  clusterId: string | null;
  /** HTTP status sent; 0 when the connection was reset or never answered. */
  status: number;
  /** Whether the request changed the simulated cloud's state. */
  mutated: boolean;
  /** The provider error code answered, if any (e.g. `APIG.0301`). */
  errorCode: string | null;
  /** The injected fault, if one hit this request. */
  fault: FaultKind | null;
}
