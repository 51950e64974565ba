import {
  DIGEST_MAX_CLUSTERS,
  DIGEST_MAX_UPGRADES,
  type WeeklyDigestDetail,
} from "../events/digestDetails.ts";
import { hashId } from "../events/eventId.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import { versionSupport } from "../support/endOfSupport.ts";
import type { StatusModel } from "./statusModel.ts";

const DAY_MS = 86_400_000;

export interface DigestOptions {
  /** Versions leaving support within this many days are listed. Default 90. */
  horizonDays?: number;
  /** Where the page is, for the message (`s3://bucket/index.html`). */
  statusPage?: string | null;
}

/**
 * The weekly digest from the status page's last run (status.json): every cluster whose version
 * leaves support within `horizonDays` of `t` (or has left it), soonest first, and the upgrades
 * started in the week before `t`, newest first. Support is judged at `t` against the shipped
 * calendar, not the page's own judgement, so a page a few minutes old gives the same digest.
 * The id is the schedule's `t`: a retried invocation sends the same event. Pure.
 */
export function weeklyDigest(
  status: StatusModel,
  t: Date,
  options: DigestOptions = {},
): EventOf<"Weekly Digest"> {
  const horizonDays = options.horizonDays ?? 90;
  const now = t.getTime();
  const from = now - 7 * DAY_MS;
  const ending = status.clusters
    .flatMap((c) => {
      const version = c.version ?? c.fromVersion;
      const support = versionSupport(c.cluster.provider, version, now, {
        soonMs: horizonDays * DAY_MS,
      });
      if (version === null || support.endOfSupport === null || support.daysLeft === null) return [];
      if (support.status !== "ended" && support.status !== "ending") return [];
      return [
        {
          cluster: c.cluster,
          version,
          endOfSupport: support.endOfSupport,
          daysLeft: support.daysLeft,
        },
      ];
    })
    .sort(
      (a, b) => a.daysLeft - b.daysLeft || a.cluster.clusterId.localeCompare(b.cluster.clusterId),
    );
  const week = status.recent
    .filter(
      (e) =>
        e.startedAt !== null && Date.parse(e.startedAt) > from && Date.parse(e.startedAt) <= now,
    )
    .sort((a, b) => Date.parse(b.startedAt ?? "") - Date.parse(a.startedAt ?? ""));
  const count = (outcome: string) => week.filter((e) => e.outcome === outcome).length;
  const detail: WeeklyDigestDetail = {
    id: hashId(["Weekly Digest", t.toISOString()]),
    severity: "info",
    window: { t: t.toISOString(), start: new Date(from).toISOString(), end: t.toISOString() },
    statusT: status.t,
    clusters: status.clusters.length,
    horizonDays,
    endOfSupport: {
      items: ending.slice(0, DIGEST_MAX_CLUSTERS),
      more: Math.max(0, ending.length - DIGEST_MAX_CLUSTERS),
    },
    upgrades: {
      succeeded: count("succeeded"),
      failed: count("failed"),
      cancelled: count("cancelled"),
      other: week.length - count("succeeded") - count("failed") - count("cancelled"),
      items: week.slice(0, DIGEST_MAX_UPGRADES).map((e) => ({
        cluster: e.cluster,
        fromVersion: e.fromVersion,
        toVersion: e.toVersion,
        outcome: e.outcome,
        startedAt: e.startedAt as string,
        durationMs: e.durationMs,
      })),
      more: Math.max(0, week.length - DIGEST_MAX_UPGRADES),
    },
    statusPage: options.statusPage ?? null,
  };
  return { detailType: "Weekly Digest", time: t.toISOString(), detail };
}
