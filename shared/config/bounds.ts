import * as z from "zod";

/**
 * Upper bounds on every free-form config field, in characters (UTF-16 code units, as zod and
 * JSON Schema's `maxLength` count them). Whatever a cluster's config says is carried on every
 * event about it, and an EventBridge entry must stay under 256 KB (PutEvents): without bounds a
 * 300 KB label passes the config check and then fails every run's publish. With them the worst
 * cluster reference is about 20 K characters, so any one event keeps most of the entry for the
 * provider's own words. The figures follow the clouds' own limits where they have one:
 * - ids: CCE cluster and project ids are 32 to 36 characters, ACK cluster ids 33; 128 leaves room;
 * - region: a DNS label (63 characters), since it goes into the endpoint's host name;
 * - names: CCE cluster names are at most 128 characters, ACK's 63;
 * - labels: AWS's tag limits (50 per resource, keys 128, values 256), which also cover Huawei's
 *   (keys 128, values 255) and Alibaba's (keys 128, values 128) tags;
 * - URLs: 2048, the usual practical limit for a URL.
 */
export const MAX_CHARS = {
  id: 128,
  region: 63,
  name: 128,
  labelKey: 128,
  labelValue: 256,
  url: 2048,
  /** Short machine words: a task type, a time zone name. */
  word: 64,
} as const;

/**
 * Rollouts and their waves. Each rollout is judged on every poll, and a wave's clusters travel on
 * its events, so both lists stay short: 20 rollouts at once is more than any fleet runs, and 10
 * stages is already more than AKS Fleet Manager's update runs typically use.
 */
export const MAX_ROLLOUTS = 20;
export const MAX_WAVES = 10;

/** Clusters one wave may upgrade at once; above this a wave is no longer a controlled step. */
export const MAX_CONCURRENT = 100;

/** Labels per cluster (and per route), as AWS allows tags per resource. */
export const MAX_LABELS = 50;

/** A string of at most `max` characters; the message (configIssueMessage) gives the length found. */
export const boundedString = (max: number) => z.string().max(max);

/**
 * Free-form labels: exact strings (or globs, in routes), bounded in number and length. The count
 * is checked after the keys and values, so one message says what is wrong with each.
 */
export const labelsSchema = () =>
  z
    .record(z.string().min(1).max(MAX_CHARS.labelKey), z.string().max(MAX_CHARS.labelValue))
    .superRefine((labels, ctx) => {
      const count = Object.keys(labels).length;
      if (count > MAX_LABELS) {
        ctx.addIssue({
          code: "custom",
          message: `has ${count} labels; at most ${MAX_LABELS} are allowed`,
        });
      }
    })
    .meta({ maxProperties: MAX_LABELS });
