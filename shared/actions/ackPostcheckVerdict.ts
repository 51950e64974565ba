import type { AckClusterState } from "../providers/actions/describeAckCluster.ts";
import type { PostcheckResult } from "./outcomeEvents.ts";

/**
 * ACK's stand-in for a postcheck: the cluster is `running` at the version the upgrade went to.
 * When the read did not know the target version, the state alone decides, and the message
 * says so.
 */
export function ackPostcheckVerdict(
  cluster: AckClusterState,
  targetVersion: string | null,
): PostcheckResult & { passed: boolean } {
  const running = cluster.state === "running";
  const atTarget = targetVersion === null || cluster.currentVersion === targetVersion;
  const version = `version ${cluster.currentVersion ?? "unknown"}`;
  const expected =
    targetVersion === null ? "target version unknown, state only" : `target ${targetVersion}`;
  return {
    passed: running && atTarget,
    taskId: null,
    phase: cluster.state,
    message: `DescribeClusterDetail: state ${cluster.state}, ${version} (${expected})`,
  };
}
