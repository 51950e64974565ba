import type { Upgrade } from "../model/snapshot.ts";

/** What a fresh read says about acting now. */
export type Verdict =
  /** Act, on this upgrade as just read. */
  | { act: true; upgrade: Upgrade }
  | { act: false; reason: "already-done" | "state-changed" | "precondition"; message: string };

/**
 * The due event names one upgrade, and the action may only touch that one: when the fresh read
 * shows none, or another, the state has changed under it.
 */
export const otherUpgrade = (due: Upgrade, current: Upgrade | null): Verdict => ({
  act: false,
  reason: "state-changed",
  message:
    current === null
      ? "the cluster shows no upgrade any more"
      : `another upgrade (${current.id}) has replaced ${due.id}`,
});

/** The fresh read in words, for messages: phase, workflow phase and step statuses. */
export function describeUpgrade(u: Upgrade): string {
  const parts = [`phase ${u.phase} (${u.rawPhase})`];
  if (u.workflowPhase !== null) parts.push(`workflow ${u.workflowPhase}`);
  const steps = u.steps.filter((s) => s.status).map((s) => `${s.name}=${s.status}`);
  if (steps.length > 0) parts.push(`steps ${steps.join(", ")}`);
  return parts.join("; ");
}
