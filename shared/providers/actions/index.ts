export { type AckUpgradeAction, ackUpgradeAction } from "./ackUpgradeAction.ts";
export type { ActionCall, ActionContext } from "./actionCall.ts";
export { cancelCceWorkflow } from "./cancelCceWorkflow.ts";
export { continueCceUpgrade } from "./continueCceUpgrade.ts";
export { createPostCheck, type PostCheckResult, PostCheckTaskSchema } from "./createPostCheck.ts";
export {
  AckClusterDetailSchema,
  type AckClusterState,
  describeAckCluster,
} from "./describeAckCluster.ts";
export { UnsupportedActionError } from "./errors.ts";
export {
  ackUpgradeBody,
  cceUpgradeBody,
  type StartUpgradeResult,
  startUpgrade,
} from "./startUpgrade.ts";
