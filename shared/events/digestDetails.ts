import * as z from "zod";
import { ClusterRefSchema } from "../model/cluster.ts";
import { PhaseSchema } from "../model/snapshot.ts";
import { EventIdSchema } from "./eventId.ts";
import { severityField } from "./severityField.ts";
import { WindowSchema } from "./window.ts";

const IsoTime = z.iso.datetime();

/** Lists are cut to these lengths; `more` says how many were left out. */
export const DIGEST_MAX_CLUSTERS = 100;
export const DIGEST_MAX_UPGRADES = 50;

/**
 * The weekly digest: clusters on versions that leave support within `horizonDays` (or have left
 * it), and the upgrades of the past week, from the status page's last run (status.json), so it
 * costs no cloud request and covers every shard. One event per week; each receiver that asks
 * for it (a route naming `Weekly Digest`) gets one message.
 */
export const WeeklyDigestDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Weekly Digest"),
    /** The week covered, `(start, end]`; `t` is the digest schedule's time. */
    window: WindowSchema,
    /** The status run the digest was read from, and how many clusters it held. */
    statusT: IsoTime,
    clusters: z.number().int().nonnegative(),
    horizonDays: z.number().int().positive(),
    endOfSupport: z
      .object({
        items: z.array(
          z
            .object({
              cluster: ClusterRefSchema,
              version: z.string(),
              endOfSupport: z.iso.date(),
              daysLeft: z.number().int(),
            })
            .strict(),
        ),
        more: z.number().int().nonnegative(),
      })
      .strict(),
    upgrades: z
      .object({
        succeeded: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
        cancelled: z.number().int().nonnegative(),
        other: z.number().int().nonnegative(),
        items: z.array(
          z
            .object({
              cluster: ClusterRefSchema,
              fromVersion: z.string().nullable(),
              toVersion: z.string().nullable(),
              outcome: PhaseSchema,
              startedAt: IsoTime,
              durationMs: z.number().int().nonnegative().nullable(),
            })
            .strict(),
        ),
        more: z.number().int().nonnegative(),
      })
      .strict(),
    /** Where the page is (`s3://bucket/index.html`); open it with `aws s3 presign`. */
    statusPage: z.string().nullable(),
    truncated: z.string().optional(),
  })
  .strict();
export type WeeklyDigestDetail = z.infer<typeof WeeklyDigestDetailSchema>;
