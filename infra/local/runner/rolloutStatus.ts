import type { SignedClient } from "../../../shared/client/index.ts";
import type { ShepherdConfig } from "../../../shared/config/loadShepherdConfig.ts";
import { pollRun } from "../../../shared/poll/pollRun.ts";
import type { RolloutJudgement, WaveJudgement } from "../../../shared/rollout/judgeRollout.ts";
import { judgeRollouts } from "../../../shared/rollout/judgeRollouts.ts";

/**
 * Every rollout of the config as the scheduled run at `t` judges it: the same reads (the demo's
 * clock holds still while poll-status runs, so the simulator answers both alike), the same
 * config and the same pure judge (`judgeRollouts`), as `upgrade-shepherd rollout status` does.
 * Reads only (GETs); nothing is started or published.
 */
export async function readRolloutStatus(
  shepherd: ShepherdConfig,
  client: SignedClient,
  t: Date,
  now: () => Date,
): Promise<RolloutJudgement[]> {
  const run = await pollRun({ kind: "schedule", t }, shepherd, { client, now });
  return judgeRollouts(shepherd.config, shepherd.clusters, run.snapshots, t);
}

const nameOf = (c: { name?: string | undefined; clusterId: string }) => c.name ?? c.clusterId;

function waveText(w: WaveJudgement): string {
  const done = w.clusters.filter((c) => c.state === "done").length;
  const count = `${done}/${w.clusters.length} done`;
  if (w.gate === "complete") return `${w.name} ${count}`;
  if (w.gate === "soaking" && w.soakEndsAt) {
    return `${w.name} ${count}, soaking until ${w.soakEndsAt.slice(11, 16)}Z`;
  }
  if (w.gate === "eligible" && w.awaitingApproval) return `${w.name} ${count}, awaiting approval`;
  if (w.gate === "eligible") return `${w.name} ${count}, ${w.running} upgrading`;
  if (w.gate === "halted") return `${w.name} ${count}, ${w.running} upgrading, HALTED`;
  return `${w.name} ${count}, ${w.gate}`;
}

/**
 * One line for a rollout: each wave's clusters done of all and where it stands, and why the
 * rollout is halted, e.g. `k8s-1.31: canary 2/2 done | early 1/2 done, 0 upgrading, HALTED |
 * rest 0/3 done, waiting  (halted: failed autopilot-batch)`.
 */
export function rolloutLine(j: RolloutJudgement): string {
  const waves = j.waves.map(waveText).join(" | ");
  const why = j.halted
    ? `  (halted: ${[
        ...j.halted.failed.map((c) => `failed ${nameOf(c)}`),
        ...j.halted.stalled.map((c) => `stalled ${nameOf(c)}`),
      ].join(", ")})`
    : j.currentWave === null
      ? "  (complete)"
      : "";
  return `${j.rollout}: ${waves}${why}`;
}
