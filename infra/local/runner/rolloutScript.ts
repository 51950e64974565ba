import { createSignedClient } from "../../../shared/client/index.ts";
import type { ClusterRef } from "../../../shared/model/cluster.ts";
import { clusterKey } from "../../../shared/model/clusterIdentity.ts";
import type { ClusterTarget } from "../../../shared/providers/target.ts";
import type { RolloutJudgement } from "../../../shared/rollout/judgeRollout.ts";
import type { DemoScript, DemoScriptContext } from "./demoScript.ts";
import { operatorRetry } from "./operatorRetry.ts";
import { createRolloutPress, type WaveApproval } from "./rolloutPress.ts";
import { readRolloutStatus, rolloutLine } from "./rolloutStatus.ts";

/** How long after the rollout halts the demo's operator has fixed the cause and retries. */
export const OPERATOR_FIXES_AFTER_MS = 5 * 60_000;

/** What the rollout demo saw, for its summary and its test. */
export interface RolloutDemoRecord {
  /** Each wave's clusters, by name, as the judge split them. */
  waves: Record<string, string[]>;
  /** The judgement of every scheduled run, in order: `t` ISO, its status line, the halt. */
  runs: { t: string; line: string; halted: boolean; currentWave: string | null }[];
  approvals: WaveApproval[];
  /** The operator's retries of a failed upgrade: scenario time ISO, cluster, HTTP status. */
  retries: { at: string; cluster: string; status: number }[];
  /** Whether the last run judged every rollout complete. */
  complete: boolean;
}

const nameOf = (c: ClusterRef) => c.name ?? c.clusterId;
const hhmm = (iso: string) => `${iso.slice(11, 16)}Z`;

/**
 * The rollout demo's script (docs/rollouts.md, "Demo"): before each run it judges every rollout
 * as poll-status will (same reads, same judge) and shows the status line when it changes; after
 * each run, the people's steps: the operator retries a failed upgrade `OPERATOR_FIXES_AFTER_MS`
 * after the rollout halted on it, and the person in Slack presses Approve wave on each wave that
 * asked (`createRolloutPress`).
 */
export function createRolloutScript(ctx: DemoScriptContext): DemoScript {
  const { shepherd } = ctx;
  const client = createSignedClient({});
  const targetOf = (cluster: ClusterRef): ClusterTarget => {
    const key = clusterKey(cluster);
    const c = shepherd.clusters.find((x) => x.key === key);
    if (!c) throw new Error(`${nameOf(cluster)} is not in the demo's inventory`);
    return {
      cluster: c.ref,
      endpoint: c.endpoint,
      credentials: shepherd.credentials.get(c.credentials),
    };
  };
  const press = createRolloutPress(ctx.pressInSlack);
  const record: RolloutDemoRecord = {
    waves: {},
    runs: [],
    approvals: [],
    retries: [],
    complete: false,
  };
  let judged: RolloutJudgement[] = [];
  let lastLines = "";
  /** Failed clusters by key, with the run time of the first Rollout Halted that named them. */
  const failedSince = new Map<string, { cluster: ClusterRef; since: number }>();
  const retried = new Set<string>();

  return {
    onEvent: (e) => {
      press.onEvent(e);
      if (e.detailType !== "Rollout Halted") return;
      const d = e.detail as { failed: ClusterRef[]; window: { t: string } };
      for (const c of d.failed) {
        const key = clusterKey(c);
        if (!failedSince.has(key))
          failedSince.set(key, { cluster: c, since: Date.parse(d.window.t) });
      }
    },
    onDelivery: (d) => press.onDelivery(d),
    beforePoll: async (t) => {
      judged = await readRolloutStatus(shepherd, client, t, ctx.now);
      for (const j of judged) {
        record.runs.push({
          t: t.toISOString(),
          line: rolloutLine(j),
          halted: j.halted !== null,
          currentWave: j.currentWave,
        });
        if (Object.keys(record.waves).length === 0) {
          for (const w of j.waves) record.waves[w.name] = w.clusters.map((c) => nameOf(c.cluster));
        }
      }
      record.complete = judged.length > 0 && judged.every((j) => j.currentWave === null);
    },
    afterPoll: async (t) => {
      const lines = judged.map(rolloutLine).join("\n");
      if (lines !== lastLines) for (const line of judged.map(rolloutLine)) ctx.sayRollout(line);
      lastLines = lines;
      for (const [key, { cluster, since }] of failedSince) {
        if (retried.has(key) || t.getTime() < since + OPERATOR_FIXES_AFTER_MS) continue;
        retried.add(key);
        try {
          const status = await operatorRetry(targetOf(cluster), client);
          if (status === null) {
            ctx.say(`the operator cannot retry ${nameOf(cluster)} (ACK documents no retry)`);
            continue;
          }
          record.retries.push({ at: ctx.now().toISOString(), cluster: nameOf(cluster), status });
          ctx.say(
            `the operator fixed what failed ${nameOf(cluster)}'s upgrade and retries it (RetryUpgradeClusterTask): HTTP ${status}`,
          );
        } catch (error) {
          ctx.say(`the operator's retry of ${nameOf(cluster)} failed: ${(error as Error).message}`);
        }
      }
      record.approvals.push(...(await press.approveShown(ctx.now(), ctx.say)));
    },
    finish: () => {
      const outcome = judged.map((j) => {
        const all = j.waves.flatMap((w) => w.clusters);
        const done = all.filter((c) => c.state === "done").length;
        const state = j.currentWave === null ? "complete" : `not complete (wave ${j.currentWave})`;
        return `rollout ${j.rollout}: ${state}, ${done} of ${all.length} clusters at the target`;
      });
      const halts = record.runs.filter((r) => r.halted);
      const firstHalt = halts[0];
      const lifted = firstHalt && record.runs.find((r) => r.t > firstHalt.t && !r.halted);
      if (firstHalt) {
        outcome.push(
          `  halted at ${hhmm(firstHalt.t)}${lifted ? `, lifted at ${hhmm(lifted.t)}` : ", never lifted"}; operator retries: ${record.retries.map((r) => `${r.cluster} at ${hhmm(r.at)}`).join(", ") || "none"}`,
        );
      }
      for (const a of record.approvals) {
        const answer = a.skipped ?? `Upgrade Due for ${a.due.join(", ") || "nothing"}`;
        outcome.push(`  wave ${a.wave} approved in Slack at ${hhmm(a.at)}: ${answer}`);
      }
      return { outcome, rollout: record };
    },
  };
}
