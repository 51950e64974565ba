export {
  type ClusterState,
  type ClusterStatus,
  clusterStatus,
  versionMatches,
} from "./clusterStatus.ts";
export {
  type ClusterJudgement,
  judgeRollout,
  type RolloutEvent,
  type RolloutInput,
  type RolloutJudgement,
  type RolloutPolicy,
  type WaveGate,
  type WaveJudgement,
} from "./judgeRollout.ts";
export { judgeRollouts } from "./judgeRollouts.ts";
export { selects, type WaveClusters, waveClusters } from "./waveClusters.ts";
