import type { SignedClient } from "../client/client.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import { judgeRun } from "../decide/judgeRun.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { adapterOptions } from "../providers/target.ts";
import type { RolloutJudgement } from "../rollout/judgeRollout.ts";
import { CredentialGate } from "./credentialGate.ts";
import { toMembers } from "./members.ts";
import { planRun, type ReadPlan, runTime } from "./planRun.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { type ReadFailure, readFleet } from "./readFleet.ts";

export interface PollRunDeps {
  client: SignedClient;
  now: () => Date;
  /** The run's deadline (`runDeadline`); without it the read waits for every cluster. */
  deadline?: AbortSignal | undefined;
  /** The run's credential gate, shared with discovery in a scheduled run. */
  gate?: CredentialGate | undefined;
}

export interface PollRunResult {
  plan: ReadPlan;
  snapshots: UpgradeSnapshot[];
  /** Every read that failed in this attempt, retried or not, the deadline's included. */
  failures: ReadFailure[];
  /** What to publish: decisions, Poll Failed for final failures, and Poll Retry Requested. */
  events: ShepherdEvent[];
  /** The rollouts this run judged (`plan.rolloutScope`), for the CLI's views. */
  rollouts: RolloutJudgement[];
}

/**
 * One poll invocation: plan (pure), read (I/O: limits, credential gate, pacing, deadline), judge
 * (pure): each cluster, and the rollouts the plan's scope names (`judgeRolloutScope`). Each planned cluster ends read, failed, or asked to be read again.
 */
export async function pollRun(
  trigger: PollTrigger,
  shepherd: Pick<ShepherdConfig, "config" | "clusters" | "credentials">,
  deps: PollRunDeps,
): Promise<PollRunResult> {
  const plan = planRun(trigger, shepherd.config, shepherd.clusters);
  const loaded = toMembers(
    plan.clusters.map((c) => c.config),
    shepherd.credentials,
  );
  const options = {
    client: deps.client,
    now: deps.now,
    adapters: adapterOptions(shepherd.config.poll),
    limits: plan.limits,
    deadline: deps.deadline,
    gate: deps.gate ?? new CredentialGate(),
  };
  const read = await readFleet(loaded.members, options);
  const reads = { snapshots: read.snapshots, failures: [...loaded.failures, ...read.failures] };
  const events = judgeRun(plan, reads);
  // A rollout is judged from the reads of all its clusters: in an unsharded scheduled run, or in
  // its group's shard; other shards and re-reads judge none (docs/rollouts.md, "Wiring").
  // The rollouts' judge loads on demand: a fleet without rollouts starts no slower for it.
  const { judgements } =
    plan.rolloutScope.rollouts.length > 0
      ? await (await import("./onDemand.ts")).judgeRolloutScope(
          plan.rolloutScope,
          shepherd.config.defaults,
          reads.snapshots,
          loaded.members,
          runTime(trigger),
          options,
        )
      : { judgements: [] };
  events.push(...judgements.flatMap((r) => r.events));
  return { plan, ...reads, events, rollouts: judgements };
}
