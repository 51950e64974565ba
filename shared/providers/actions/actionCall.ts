import * as z from "zod";
import type { SignedClient } from "../../client/client.ts";

/** The documented answer of a call that only acts (continue, cancel, resume): empty, or any object. */
export const EmptyAnswerSchema = z.union([z.null(), z.looseObject({})]);

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
