import { createHash } from "node:crypto";
import * as z from "zod";
import { type ClusterIdentity, clusterIdParts } from "../model/clusterIdentity.ts";
import type { DetailType } from "./detailType.ts";
import { type Shard, shardKey } from "./shard.ts";

/** 128 bits of sha256: unique enough for dedup keys, short enough for PagerDuty and log lines. */
export const EVENT_ID_HEX_LENGTH = 32;

export const EVENT_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * The version of the id recipe, hashed first. v2 (this version) added the cluster's project to
 * every cluster's id, through `clusterIdParts`; v1 had `[provider, region, clusterId]`. Any change
 * to what an id hashes bumps it, so a new recipe never reuses an old id for something else.
 */
export const ID_RECIPE = "upgrade-shepherd/v2";

/**
 * The hash behind every event id and dedup key. The parts are JSON-encoded as an array, so no
 * choice of separator can make two different part lists collide.
 */
export function hashId(parts: readonly (string | number)[], recipe: string = ID_RECIPE): string {
  return createHash("sha256")
    .update(JSON.stringify([recipe, ...parts]))
    .digest("hex")
    .slice(0, EVENT_ID_HEX_LENGTH);
}

/**
 * The id of a cluster's event: (cluster identity, upgrade id, detail-type, key), where the
 * identity is `clusterIdParts` (provider, region, project, cluster id) and the key is the
 * transition time, the repeat bucket, or the run's `T` for level events. A retried run recomputes
 * the same key from the same read, so receivers can deduplicate by it.
 */
export function clusterEventId(
  cluster: ClusterIdentity,
  upgradeId: string,
  detailType: DetailType,
  key: readonly string[],
): string {
  return hashId([...clusterIdParts(cluster), upgradeId, detailType, ...key]);
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
  shard: Shard | null,
): string {
  return hashId(["Auto Actions Suspended", windowT, action, shardKey(shard)]);
}
