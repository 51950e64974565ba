import pLimit from "p-limit";
import { type DecidePolicy, stallSilenceMs } from "../decide/policy.ts";
import { repeatBucket } from "../decide/repeatBucket.ts";
import { startedAt } from "../decide/upgradeTimes.ts";
import { inWindow, windowMs } from "../decide/windowMs.ts";
import type { LiftedSilence, SilenceTargetRef } from "../events/quietDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { alertmanagerShell } from "./alertmanagerShell.ts";
import { formatMarker, withMarker } from "./marker.ts";
import { renderMatchers } from "./matchers.ts";
import { pagerDutyShell } from "./pagerDutyShell.ts";
import {
  type ExpireReason,
  type FoundSilence,
  planSilences,
  type QuietPolicy,
  silenceMayBeInForce,
} from "./planSilences.ts";
import type { QuietDuringUpgrade, SilenceTarget } from "./quietConfig.ts";
import {
  alertsSilenced,
  alertsUnsilenced,
  type QuietEventContext,
  silenceText,
} from "./quietEvents.ts";
import type { ResolveTargetAuth, TargetAuth } from "./quietSecrets.ts";
import { SilenceTargetError, type TargetFailureKind, type TargetHttp } from "./targetRequest.ts";
import type { TargetShell } from "./targetShell.ts";

/** One cluster of the run with a `quietDuringUpgrade` section, as the run judged it. */
export interface QuietCluster {
  cluster: ClusterRef;
  /** The cluster's own window this run (its interval and lag). */
  window: Window;
  policy: DecidePolicy;
  quiet: QuietDuringUpgrade;
}

export interface QuietDeps {
  /** The one HTTP stack and the SSRF guard; the deadline is added per run. */
  http: Omit<TargetHttp, "signal">;
  auth: ResolveTargetAuth;
  now: () => Date;
  /** The run's quiet deadline: calls not made by then fail as `deadline`, and are reported. */
  deadline?: AbortSignal | undefined;
  /** (cluster, target) pairs worked on at once. Default 8. */
  concurrency?: number;
}

export type QuietOperation = "list" | "create" | "extend" | "expire";

/** One call a run made (or, in a dry run, would have made), for logs and metrics. */
export interface QuietCall {
  cluster: ClusterRef;
  target: SilenceTargetRef;
  operation: QuietOperation;
  outcome: "ok" | "failed" | "dry-run";
  silenceId: string | null;
  /** Why a silence is ended. */
  reason?: ExpireReason;
  /** A failed call: its kind, status and a message with no URL, token or password. */
  error?: { kind: TargetFailureKind | "internal"; status: number | undefined; message: string };
}

export interface QuietRun {
  /**
   * The judged events, with `silencesLifted` set on each Upgrade Failed and Upgrade Stalled of a
   * cluster that has a quiet section, after the run's own Alerts Silenced and Alerts Unsilenced.
   */
  events: ShepherdEvent[];
  calls: QuietCall[];
}

/** Per (cluster, target): its events, calls, and what a failure or stall alert says about it. */
interface TargetOutcome {
  events: ShepherdEvent[];
  calls: QuietCall[];
  /** Silences of the current upgrade ended in this run (lifted, failed, dry-run). */
  lifted: LiftedSilence[];
  /** Silences of the current upgrade that had already ended, with their end. */
  ended: LiftedSilence[];
}

/**
 * The quiet step of one poll-status run, after judge and before publish, so the silence of an
 * upgrade that failed or stalled is lifted before the alert saying so goes out. For each cluster
 * read in this run that has `quietDuringUpgrade`, on each target: list our silences (a GET, also
 * in a dry run), plan (`planSilences`, pure), then lift first, then create or extend, each one
 * bounded request. In a dry run nothing is changed, and the events say what would have been done.
 * A failed call is reported (a `QuietCall`, and on a failure or stall alert a `failed` entry) and
 * never drops or delays the run's events: the silence then lapses by itself at its end.
 */
export async function runQuiet(
  clusters: readonly QuietCluster[],
  snapshots: readonly UpgradeSnapshot[],
  judged: readonly ShepherdEvent[],
  deps: QuietDeps,
): Promise<QuietRun> {
  const read = new Map(snapshots.map((s) => [clusterKey(s.cluster), s]));
  const alarmed = new Set(judged.filter(isAlarm).map((e) => clusterKey(e.detail.cluster)));
  const limit = pLimit(deps.concurrency ?? 8);
  const work = clusters.flatMap((c) => {
    const key = clusterKey(c.cluster);
    const snapshot = read.get(key);
    if (!snapshot) return [];
    // Nothing of ours can still be in force: no request (unless the run announces a failure).
    if (!alarmed.has(key) && !silenceMayBeInForce(snapshot, c.window, quietPolicy(c))) return [];
    return c.quiet.targets.map((target) =>
      limit(async () => ({
        key,
        outcome: await quietTarget(c, key, snapshot, target, alarmed.has(key), deps).catch(
          (error: unknown) => internalFailure(c, target, error),
        ),
      })),
    );
  });
  const done = await Promise.all(work);
  const byCluster = new Map<string, TargetOutcome[]>();
  for (const { key, outcome } of done) byCluster.set(key, [...(byCluster.get(key) ?? []), outcome]);
  const quietKeys = new Set(clusters.map((c) => clusterKey(c.cluster)));
  const patched = judged.map((e) => {
    if (!isAlarm(e)) return e;
    const key = clusterKey(e.detail.cluster);
    if (!quietKeys.has(key) || !read.has(key)) return e;
    return withLifted(e, byCluster.get(key) ?? []);
  });
  return {
    events: [...done.flatMap((d) => d.outcome.events), ...patched],
    calls: done.flatMap((d) => d.outcome.calls),
  };
}

type Alarm = Extract<ShepherdEvent, { detailType: "Upgrade Failed" | "Upgrade Stalled" }>;

const isAlarm = (e: ShepherdEvent): e is Alarm =>
  e.detailType === "Upgrade Failed" || e.detailType === "Upgrade Stalled";

/**
 * The alert's list: what this run lifted for the alert's upgrade, and what had already ended
 * since the failure or stall began (an earlier run that read the failure first lifted it).
 */
function withLifted(e: Alarm, outcomes: readonly TargetOutcome[]): ShepherdEvent {
  const onset =
    e.detailType === "Upgrade Stalled"
      ? Date.parse(e.detail.stall.lastActivityAt) + e.detail.stall.thresholdMs
      : e.detail.trigger.kind === "transition"
        ? Date.parse(e.detail.trigger.at)
        : null;
  const lifted = outcomes.flatMap((o) => [
    ...o.lifted,
    ...o.ended.filter((l) => onset !== null && l.endsAt !== null && Date.parse(l.endsAt) >= onset),
  ]);
  return { ...e, detail: { ...e.detail, silencesLifted: lifted } } as ShepherdEvent;
}

async function quietTarget(
  c: QuietCluster,
  key: string,
  snapshot: UpgradeSnapshot,
  target: SilenceTarget,
  alarmed: boolean,
  deps: QuietDeps,
): Promise<TargetOutcome> {
  const ref: SilenceTargetRef = { name: target.name, kind: target.type };
  const out: TargetOutcome = { events: [], calls: [], lifted: [], ended: [] };
  const record = (
    operation: QuietOperation,
    outcome: QuietCall["outcome"],
    silenceId: string | null,
    extra: Pick<QuietCall, "reason" | "error"> = {},
  ) => out.calls.push({ cluster: c.cluster, target: ref, operation, outcome, silenceId, ...extra });
  const ctx: QuietEventContext = {
    cluster: c.cluster,
    upgrade: snapshot.upgrade,
    window: c.window,
    target: ref,
  };
  const dryRun = c.policy.dryRun;
  let shell: TargetShell;
  let found: FoundSilence[];
  try {
    shell = openShell(target, c.cluster, key, deps);
    // Ended silences too where they say something: the alert's list, and, for a read that gives
    // the upgrade no start time, when the upgrade was first kept quiet (for `maxLength`).
    const undated = snapshot.upgrade !== null && startedAt(snapshot.upgrade) === null;
    found = await shell.list({ includeEnded: alarmed || undated });
    record("list", "ok", null);
  } catch (error) {
    const e = describeError(error);
    record("list", "failed", null, { error: e });
    out.lifted.push({
      target: ref,
      silenceId: null,
      outcome: "failed",
      endsAt: null,
      problem: e.message,
    });
    return out;
  }
  const now = deps.now();
  const plan = planSilences({ snapshot, window: c.window, policy: quietPolicy(c), found, now });
  const currentId = snapshot.upgrade?.id ?? null;
  const scope = shell.scope;

  // Lift first: a failure or stall must not stay silenced a moment longer than needed.
  for (const { silence, reason } of plan.expire) {
    let outcome: QuietCall["outcome"] = "dry-run";
    let problem: string | undefined;
    if (!dryRun) {
      try {
        await shell.expire(silence);
        outcome = "ok";
        record("expire", "ok", silence.id, { reason });
      } catch (error) {
        const e = describeError(error);
        outcome = "failed";
        problem = e.message;
        record("expire", "failed", silence.id, { reason, error: e });
      }
    } else {
      record("expire", "dry-run", silence.id, { reason });
    }
    const shown = { id: silence.id, startsAt: silence.startsAt, endsAt: silence.endsAt, ...scope };
    if (reason !== "duplicate" && outcome !== "failed") {
      out.events.push(alertsUnsilenced(ctx, shown, silence.marker.upgradeId, reason, dryRun));
    }
    if (silence.marker.upgradeId === currentId && reason !== "duplicate") {
      out.lifted.push({
        target: ref,
        silenceId: silence.id,
        outcome: outcome === "ok" ? "lifted" : outcome,
        endsAt: outcome === "ok" ? now.toISOString() : silence.endsAt,
        ...(problem === undefined ? {} : { problem }),
      });
    }
  }
  for (const s of plan.ended) {
    out.ended.push({ target: ref, silenceId: s.id, outcome: "lifted", endsAt: s.endsAt });
  }

  const upgrade = snapshot.upgrade;
  if (plan.create && upgrade) {
    const marker = { clusterKey: key, upgradeId: plan.create.upgradeId, t: c.window.t };
    const shown = { startsAt: plan.create.startsAt, endsAt: plan.create.endsAt, ...scope };
    if (dryRun) {
      record("create", "dry-run", null);
      if (announceDryRun(c, upgrade)) {
        const bucket = repeatBucket(windowMs(c.window), c.policy.repeat);
        const key2 = ["dry-run", new Date(bucket.start).toISOString()];
        out.events.push(alertsSilenced(ctx, { id: null, ...shown }, upgrade.id, key2, true));
      }
    } else {
      try {
        const { id } = await shell.create({
          marker,
          text: silenceText(c.cluster, upgrade, formatMarker(marker)),
          startsAt: plan.create.startsAt,
          endsAt: plan.create.endsAt,
        });
        record("create", "ok", id);
        out.events.push(
          alertsSilenced(ctx, { id, ...shown }, upgrade.id, ["t", c.window.t], false),
        );
      } catch (error) {
        record("create", "failed", null, { error: describeError(error) });
      }
    }
  }
  if (plan.kept) {
    const kept = plan.kept;
    let id = kept.id;
    let endsAt = kept.endsAt;
    if (plan.extend && dryRun) record("extend", "dry-run", kept.id);
    if (plan.extend && !dryRun) {
      try {
        const text = withMarker(kept.text, { ...kept.marker, last: c.window.t });
        id = (await shell.extend(kept, plan.extend.endsAt, text)).id;
        endsAt = plan.extend.endsAt;
        record("extend", "ok", id);
      } catch (error) {
        record("extend", "failed", kept.id, { error: describeError(error) });
      }
    }
    // Made by an earlier attempt of this same run (its marker holds this run's T): a retry
    // announces it again, with the same id, in case the first attempt's events were lost.
    if (kept.marker.t === c.window.t && !dryRun) {
      const shown = { id, startsAt: kept.startsAt, endsAt, ...scope };
      out.events.push(alertsSilenced(ctx, shown, kept.marker.upgradeId, ["t", c.window.t], false));
    }
  }
  return out;
}

/** The cluster's quiet section as planning reads it; `lapseAfter` defaults to two intervals. */
const quietPolicy = (c: QuietCluster): QuietPolicy => ({
  phases: c.quiet.phases,
  lapseAfterMs: c.quiet.lapseAfter ?? 2 * c.policy.pollInterval,
  stallThresholdMs: stallSilenceMs(c.policy),
  maxLengthMs: c.quiet.maxLength,
});

/**
 * A dry run makes nothing, so nothing marks its first run: it says what it would silence in the
 * run whose window holds the upgrade's start, and again in the first run of each repeat bucket.
 */
function announceDryRun(
  c: QuietCluster,
  upgrade: NonNullable<UpgradeSnapshot["upgrade"]>,
): boolean {
  const w = windowMs(c.window);
  const started = startedAt(upgrade);
  return (started !== null && inWindow(w, started.at)) || repeatBucket(w, c.policy.repeat).first;
}

function openShell(
  target: SilenceTarget,
  cluster: ClusterRef,
  key: string,
  deps: QuietDeps,
): TargetShell {
  const http: TargetHttp = { ...deps.http, signal: deps.deadline };
  let auth: Promise<TargetAuth> | undefined;
  const authOnce = () => {
    auth ??= deps.auth(target).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      throw new SilenceTargetError(target.name, "ReadSecret", "secret", message, { cause: error });
    });
    return auth;
  };
  const shellDeps = { http, auth: authOnce, now: deps.now };
  if (target.type === "pagerduty") return pagerDutyShell(target, { key }, shellDeps);
  const rendered = renderMatchers(target.matchers, cluster);
  if ("problems" in rendered) {
    const message = rendered.problems.map((p) => p.problem).join("; ");
    throw new SilenceTargetError(target.name, "RenderMatchers", "client", message);
  }
  return alertmanagerShell(target, { ref: cluster, key, matchers: rendered.matchers }, shellDeps);
}

/** A bug of ours in one (cluster, target): reported like a failed list, never thrown. */
function internalFailure(c: QuietCluster, target: SilenceTarget, error: unknown): TargetOutcome {
  const ref: SilenceTargetRef = { name: target.name, kind: target.type };
  const e = describeError(error);
  return {
    events: [],
    calls: [
      {
        cluster: c.cluster,
        target: ref,
        operation: "list",
        outcome: "failed",
        silenceId: null,
        error: e,
      },
    ],
    lifted: [{ target: ref, silenceId: null, outcome: "failed", endsAt: null, problem: e.message }],
    ended: [],
  };
}

function describeError(error: unknown): NonNullable<QuietCall["error"]> {
  if (error instanceof SilenceTargetError) {
    return { kind: error.kind, status: error.status, message: error.message };
  }
  // A bug of ours: its name only, since a library's message could quote a request.
  return {
    kind: "internal",
    status: undefined,
    message: `internal error (${error instanceof Error ? error.name : typeof error})`,
  };
}
