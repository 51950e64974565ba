import { createHash } from "node:crypto";
import * as z from "zod";
import type { ClusterRef } from "../model/cluster.ts";
import type { DetailType } from "./detailType.ts";

/** 128 bits of sha256: unique enough for dedup keys, short enough for PagerDuty and log lines. */
export const EVENT_ID_HEX_LENGTH = 32;

export const EVENT_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * The hash behind every event id. The parts are JSON-encoded as an array, so no choice of
 * separator can make two different part lists collide; the version prefix lets a future
 * recipe change without reusing old ids.
 */
export function hashId(parts: readonly (string | number)[]): string {
  return createHash("sha256")
    .update(JSON.stringify(["upgrade-shepherd/v1", ...parts]))
    .digest("hex")
    .slice(0, EVENT_ID_HEX_LENGTH);
}

/**
 * The id of a cluster's event: (provider, region, cluster, upgrade id, detail-type, key), where
 * the key is the transition time, the repeat bucket, or the run's `T` for level events. A
 * retried run recomputes the same key from the same read, so receivers can deduplicate by it.
 */
export function clusterEventId(
  cluster: Pick<ClusterRef, "provider" | "region" | "clusterId">,
  upgradeId: string,
  detailType: DetailType,
  key: readonly string[],
): string {
  return hashId([
    cluster.provider,
    cluster.region,
    cluster.clusterId,
    upgradeId,
    detailType,
    ...key,
  ]);
}

/**
 * An outcome answers exactly one due event, so its id is derived from that event's id: a
 * retried action function re-emits the same outcome id, and a new run's due event (whose id
 * includes its own `T`) gets a new one.
 */
export function outcomeEventId(dueEventId: string, detailType: DetailType): string {
  return hashId(["outcome", dueEventId, detailType]);
}

export const EventIdSchema = z.string().regex(EVENT_ID_PATTERN);

/**
 * One id per run (and shard) and action, whichever cancel-on-failure invocation computes it, so
 * "raise one Auto Actions Suspended" holds without the invocations talking to each other.
 */
export function autoActionsSuspendedId(
  windowT: string,
  action: string,
  shard: { index: number; count: number } | null,
): string {
  return hashId([
    "Auto Actions Suspended",
    windowT,
    action,
    shard ? `${shard.index}/${shard.count}` : "all",
  ]);
}
