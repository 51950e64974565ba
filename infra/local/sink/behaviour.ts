import * as z from "zod";
import { RECEIVER_TYPES } from "../../../shared/notify/receiverType.ts";

/** The receivers the sink can imitate, one per channel; each answers its own way. */
export const SINK_VENDORS = RECEIVER_TYPES;
export const SinkVendorSchema = z.enum(SINK_VENDORS);
export type SinkVendor = z.infer<typeof SinkVendorSchema>;

/** One scripted answer. A JSON body is sent as JSON; a string as text. */
export const SinkReplySchema = z
  .object({
    status: z.int().min(100).max(599),
    body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type SinkReply = z.infer<typeof SinkReplySchema>;

/**
 * How one path answers, applied in this order: a scripted reply for each of the first requests
 * (`replies`), then the signature check (`verify`), then the rate limit (`rateLimit`), then the
 * vendor's success answer.
 */
export const PathBehaviourSchema = z
  .object({
    vendor: SinkVendorSchema.default("webhook"),
    replies: z.array(SinkReplySchema).default([]),
    /** The shared secret: X-Shepherd-* headers (webhook, cloudevents), DingTalk's query, Feishu's body. */
    verify: z
      .object({ secret: z.string().min(1) })
      .strict()
      .optional(),
    /** Requests a rolling minute, like the DingTalk and WeCom robots' 20. */
    rateLimit: z
      .object({ perMinute: z.int().min(1) })
      .strict()
      .optional(),
    /** Oldest signature timestamp accepted, in seconds (default: 300 for X-Shepherd, 3600 for robots). */
    maxAgeSeconds: z.int().min(1).optional(),
  })
  .strict();
export type PathBehaviour = z.input<typeof PathBehaviourSchema>;
export type ResolvedBehaviour = z.output<typeof PathBehaviourSchema>;

export const BehavioursSchema = z.record(z.string().startsWith("/"), PathBehaviourSchema);

/** The vendor's answer to an accepted message. */
export function successReply(vendor: SinkVendor, body: unknown): SinkReply {
  switch (vendor) {
    case "slack":
      return { status: 200, body: "ok", headers: { "content-type": "text/plain" } };
    case "teams":
      return { status: 202, body: "" };
    case "feishu":
      return { status: 200, body: { code: 0, msg: "success", data: {} } };
    case "dingtalk":
    case "wecom":
      return { status: 200, body: { errcode: 0, errmsg: "ok" } };
    case "pagerduty": {
      const key = (body as { dedup_key?: unknown } | undefined)?.dedup_key;
      return {
        status: 202,
        body: {
          status: "success",
          message: "Event processed",
          dedup_key: typeof key === "string" ? key : "sink",
        },
      };
    }
    default:
      return { status: 200, body: { ok: true } };
  }
}

/** What each vendor says when a signature or timestamp is wrong. Robots say it in a 200. */
export function badSignatureReply(vendor: SinkVendor): SinkReply {
  switch (vendor) {
    case "dingtalk":
      return {
        status: 200,
        body: {
          errcode: 310000,
          errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]",
        },
      };
    case "feishu":
      return {
        status: 200,
        body: {
          code: 19021,
          msg: "sign match fail or timestamp is not within one hour from current time",
          data: {},
        },
      };
    default:
      return { status: 401, body: { error: "bad signature" } };
  }
}

/** What each vendor says when it is sent too much. Robots say it in a 200. */
export function rateLimitedReply(vendor: SinkVendor): SinkReply {
  switch (vendor) {
    case "dingtalk":
      return {
        status: 200,
        body: { errcode: 410100, errmsg: "send too fast, exceed 20 times per minute" },
      };
    case "wecom":
      return { status: 200, body: { errcode: 45009, errmsg: "api freq out of limit" } };
    case "feishu":
      return { status: 200, body: { code: 11232, msg: "frequency limited", data: {} } };
    default:
      return { status: 429, body: { error: "rate limited" }, headers: { "retry-after": "60" } };
  }
}

/** A replay: the X-Shepherd-Id was already accepted within the window. Answered 200, not re-processed. */
export const duplicateReply: SinkReply = { status: 200, body: { ok: true, duplicate: true } };
