export { ackPostcheckVerdict } from "./ackPostcheckVerdict.ts";
export type { ActionDeps, ActionResult, PostcheckDeps, Press } from "./actionDeps.ts";
export { type ActionError, reportableError } from "./actionError.ts";
export { ActionInputError } from "./errors.ts";
export { judgeCancel } from "./judgeCancel.ts";
export { judgePostcheck, type PostcheckVerdict } from "./judgePostcheck.ts";
export { judgeResume } from "./judgeResume.ts";
export { judgeStart, type StartVerdict } from "./judgeStart.ts";
export { type DueEvent, parseDueEvent } from "./parseDueEvent.ts";
export { createPinnedFetch } from "./probes/pinnedFetch.ts";
export type {
  HostLookup,
  ProbeFetch,
  ProbeOptions,
  ProbeResult,
  ResolvedAddress,
} from "./probes/probeTypes.ts";
export { runHealthProbes, summarizeProbes } from "./probes/runHealthProbes.ts";
export { addressAllowed, vetProbeTarget } from "./probes/vetProbeTarget.ts";
export { runAction } from "./runAction.ts";
export { runCancel } from "./runCancel.ts";
export { runPostcheck } from "./runPostcheck.ts";
export { pressDue, runPress } from "./runPress.ts";
export { runResume } from "./runResume.ts";
export { runStartUpgrade, type StartUpgradeDeps } from "./runStartUpgrade.ts";
export type { Verdict } from "./verdict.ts";
