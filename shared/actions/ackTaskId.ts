import type { Upgrade } from "../model/snapshot.ts";

/** The task API needs the task id, which only an upgrade read from the task API has. */
export const ackTaskId = (upgrade: Upgrade): string | null =>
  upgrade.source === "ack-task" ? upgrade.id : null;

/** Says which call was accepted, and why the deprecated one when it was. */
export const ackCallMessage = (operation: string, legacy: boolean, upgrade: Upgrade): string => {
  if (!legacy) return `${operation} accepted for task ${upgrade.id}`;
  const why =
    ackTaskId(upgrade) === null ? "the upgrade has no task id" : "the task API answered 404";
  return `${operation} accepted (deprecated cluster-level call: ${why})`;
};
