import type { SignedClient } from "../../client/client.ts";

/** What a successful action call reports: which operation the cloud accepted, and its request id. */
export interface ActionCall {
  /** The operation that was accepted, e.g. `UpgradeWorkFlowUpdate` or the legacy `ResumeUpgradeCluster`. */
  operation: string;
  requestId: string | null;
}

/** Action calls need only the client: they never stamp a time on what they return. */
export interface ActionContext {
  client: SignedClient;
}
