import { formatDuration } from "../config/duration.ts";
import {
  PRECHECK_FINDING_MAX,
  PRECHECK_FINDINGS_MAX,
  type PrecheckReport,
} from "../events/outcomeDetails.ts";
import { truncate } from "../notify/format.ts";
import type { PrecheckRecord } from "../providers/actions/precheckRecord.ts";
import { versionMatches } from "../rollout/clusterStatus.ts";

/** Where a precheck stands, from its status alone. */
export type PrecheckState = "running" | "passed" | "failed";

/** What the cloud's prechecks on record say about starting the upgrade now. */
export type PrecheckVerdict =
  /** None for this target, or the newest is stale: run one (and start on a later delivery). */
  | { kind: "run"; message: string }
  /** The newest runs: wait for it (a later delivery). */
  | { kind: "running"; record: PrecheckRecord; message: string }
  /** The newest finished, passed, and is fresh: start. */
  | { kind: "passed"; record: PrecheckRecord; message: string }
  /** The newest finished without passing, and is fresh: do not start; report its findings. */
  | { kind: "findings"; record: PrecheckRecord; message: string };

export interface PrecheckJudgeInput {
  records: readonly PrecheckRecord[];
  targetVersion: string;
  now: Date;
  /**
   * How long (ms) a finished precheck counts when the cloud gives it no expiry (ACK; CCE sends
   * `status.expireTimeStamp`): the cluster's `repeat`.
   */
  freshForMs: number;
}

/**
 * The documented statuses. CCE (go-sdk `model_precheck_status.go`): Init, Running, Success,
 * Failed, Error. ACK (ts-sdk example `Succeeded`; Alibaba's ACK CLI `specs/ack/check.yaml` waits
 * for `Succeeded`, failing on `Failed`): any other ACK status without `finished_at` is running.
 */
const CCE_RUNNING = new Set(["Init", "Running"]);
const CCE_FAILED = new Set(["Failed", "Error"]);

/**
 * Running, passed or failed, and whether the status is one a source documents. An undocumented
 * status is never a crash and never a pass: CCE's is failed; ACK's is running until the check
 * has a `finished_at`, then failed.
 */
export function precheckState(r: PrecheckRecord): { state: PrecheckState; documented: boolean } {
  if (r.cloud === "alibaba") {
    if (r.status === "Succeeded") return { state: "passed", documented: true };
    if (r.status === "Failed") return { state: "failed", documented: true };
    return { state: r.finishedAt === null ? "running" : "failed", documented: false };
  }
  if (r.status === "Success") return { state: "passed", documented: true };
  if (CCE_RUNNING.has(r.status)) return { state: "running", documented: true };
  return { state: "failed", documented: CCE_FAILED.has(r.status) };
}

/**
 * When a finished precheck finished: ACK `finished_at`; CCE records no finish time, so its
 * `updateTimestamp` (ASSUMPTION: a finished task is not updated again), else its creation.
 */
export const precheckFinishedAt = (r: PrecheckRecord): string | null =>
  r.finishedAt ?? r.updatedAt ?? r.createdAt;

/** A record that names no target (ACK) counts for any; one that names a version must match it. */
const forTarget = (r: PrecheckRecord, target: string): boolean =>
  r.targetVersion === null ||
  versionMatches(target, r.targetVersion) ||
  versionMatches(r.targetVersion, target);

const createdMs = (r: PrecheckRecord): number =>
  r.createdAt === null ? Number.NEGATIVE_INFINITY : Date.parse(r.createdAt);

/**
 * The cloud's verdict on starting now, from its precheck records alone (nothing is stored): the
 * newest record for the target decides. None → run one. Running → wait. Finished → fresh while
 * before the cloud's `expiresAt`, else for `freshForMs` after it finished; a stale one (passed or
 * not) is run again, so a fix is picked up. Fresh and passed → start; fresh and not passed (an
 * undocumented status included) → findings.
 */
export function judgePrecheck(input: PrecheckJudgeInput): PrecheckVerdict {
  const { targetVersion: target, now } = input;
  const candidates = input.records.filter((r) => forTarget(r, target));
  const newest = candidates.reduce<PrecheckRecord | undefined>(
    (best, r) =>
      best === undefined ||
      createdMs(r) > createdMs(best) ||
      (createdMs(r) === createdMs(best) && r.id > best.id)
        ? r
        : best,
    undefined,
  );
  if (newest === undefined) {
    return { kind: "run", message: `the cloud has no precheck for ${target} on record` };
  }
  const { state, documented } = precheckState(newest);
  if (state === "running") {
    return {
      kind: "running",
      record: newest,
      message: `the cloud's precheck ${newest.id} for ${target} is running (status ${newest.status || "none"}${newest.createdAt ? `, since ${newest.createdAt}` : ""}): the upgrade starts once it passes`,
    };
  }
  const finished = precheckFinishedAt(newest);
  const stale = staleness(newest, finished, now, input.freshForMs);
  if (stale !== null) {
    return {
      kind: "run",
      message: `the newest precheck ${newest.id} for ${target} (status ${newest.status || "none"}) is stale: ${stale}`,
    };
  }
  if (state === "passed") {
    return {
      kind: "passed",
      record: newest,
      message: `the cloud's precheck ${newest.id} for ${target} passed (finished ${finished})`,
    };
  }
  const undocumented = documented ? "" : ", undocumented: not a pass";
  return {
    kind: "findings",
    record: newest,
    message: `the cloud's precheck ${newest.id} for ${target} did not pass (status ${newest.status || "none"}${undocumented}, finished ${finished})`,
  };
}

/** Why a finished precheck no longer counts, or null while it does. */
function staleness(
  r: PrecheckRecord,
  finished: string | null,
  now: Date,
  freshForMs: number,
): string | null {
  if (r.expiresAt !== null) {
    return now.getTime() < Date.parse(r.expiresAt) ? null : `its result expired at ${r.expiresAt}`;
  }
  if (finished === null) return "it shows no time at all";
  return now.getTime() - Date.parse(finished) < freshForMs
    ? null
    : `it finished at ${finished}, ${formatDuration(freshForMs)} or more ago`;
}

/** Control characters, newlines and tabs included: a finding is one line. */
const CONTROL = /\p{Cc}+/gu;
const MESSAGE_FINDINGS = 3;
const MESSAGE_FINDING_MAX = 200;
const MESSAGE_MAX = 1000;

const clean = (text: string): string =>
  truncate(text.replace(CONTROL, " ").replace(/\s+/g, " ").trim(), PRECHECK_FINDING_MAX);

/**
 * The precheck's findings, bounded, for the Action Skipped: at most `PRECHECK_FINDINGS_MAX` lines
 * of at most `PRECHECK_FINDING_MAX` characters, each folded to one line with control characters
 * and runs of white space made one space (the channels escape the rest); the record's own message when it names no item. The
 * message names the first three (200 characters each), within 1,000 characters in all.
 */
export function precheckReport(verdict: Extract<PrecheckVerdict, { kind: "findings" }>): {
  report: PrecheckReport;
  message: string;
} {
  const r = verdict.record;
  const raw = r.findings?.length ? r.findings : [r.message ?? "the cloud names no check item"];
  const lines =
    raw.length > PRECHECK_FINDINGS_MAX
      ? [
          ...raw.slice(0, PRECHECK_FINDINGS_MAX - 1).map(clean),
          `and ${raw.length - PRECHECK_FINDINGS_MAX + 1} more findings`,
        ]
      : raw.map(clean);
  const shown = lines
    .slice(0, MESSAGE_FINDINGS)
    .map((line) => truncate(line, MESSAGE_FINDING_MAX))
    .join("; ");
  const more = lines.length > MESSAGE_FINDINGS ? ` (+${raw.length - MESSAGE_FINDINGS} more)` : "";
  return {
    report: { id: r.id, status: r.status, finishedAt: precheckFinishedAt(r), findings: lines },
    message: truncate(
      `${verdict.message}: ${shown}${more}. Fix them; the precheck runs again once its result is stale`,
      MESSAGE_MAX,
    ),
  };
}
