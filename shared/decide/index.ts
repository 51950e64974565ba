export { decide } from "./decide.ts";
export { cancelDueSince, postcheckDueSince, resumeDue } from "./dueRules.ts";
export { judgeRun, type PlannedCluster, type RunPlan, type RunReads } from "./judgeRun.ts";
export type { DecidePolicy } from "./policy.ts";
export { pollFailedEvents } from "./pollFailedEvents.ts";
export { type PollFailure, PollFailureSchema } from "./pollFailure.ts";
export { pollRetryRequested, pollShardRequested } from "./pollRequests.ts";
export { type RepeatBucket, repeatBucket } from "./repeatBucket.ts";
export {
  cancellable,
  lastActivityAt,
  pausedAt,
  postcheckRecorded,
  startedAt,
  terminalAt,
} from "./upgradeTimes.ts";
export { windowFor } from "./windowFor.ts";
export { inWindow, type WindowMs, windowMs } from "./windowMs.ts";
