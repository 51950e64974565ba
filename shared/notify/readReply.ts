import { parseRetryAfter } from "../client/retry.ts";
import { oneLine, truncate } from "./format.ts";
import type { ReceiverType } from "./receiverType.ts";

/**
 * - `ok`: delivered.
 * - `retry`: the receiver did not take it but may later (429, 5xx, a robot's rate limit or busy
 *   code). `later` means waiting inside this invocation is pointless (a robot that blocks for
 *   minutes): hand it to Lambda's retry at once.
 * - `reject`: it will never take this request (other 4xx, a redirect, a robot's sign, keyword
 *   or token error); retrying would only repeat the refusal.
 */
export type ReplyVerdict =
  | { kind: "ok" }
  | {
      kind: "retry";
      /** Undefined when there was no HTTP answer (network error, timeout, DNS). */
      status: number | undefined;
      code: string | undefined;
      reason: string;
      retryAfterMs: number | undefined;
      later: boolean;
    }
  | { kind: "reject"; status: number; code: string | undefined; reason: string };

export interface Reply {
  status: number;
  retryAfter: string | null;
  body: string;
}

/**
 * DingTalk: 130101 and 410100 are "sending too fast" (more than 20 a minute; the robot then
 * refuses for about ten minutes); -1 is "system busy". WeCom: 45009 is "api freq out of limit";
 * -1 is "system busy". Feishu: 11232 is "frequency limited" (5 a second, 100 a minute).
 */
const ROBOT_CODES: Record<"dingtalk" | "wecom" | "feishu", { later: number[]; retry: number[] }> = {
  dingtalk: { later: [130101, 410100], retry: [-1] },
  wecom: { later: [45009], retry: [-1] },
  feishu: { later: [], retry: [11232] },
};

const REASON_CHARS = 200;

/** Sorts a receiver's answer. Robots answer 200 with the error in the body, so it is read. */
export function readReply(type: ReceiverType, reply: Reply, now: Date): ReplyVerdict {
  const { status } = reply;
  const body = reply.body.trim();
  if (status === 429 || status >= 500) {
    return {
      kind: "retry",
      status,
      code: undefined,
      reason:
        status === 429
          ? `rate limited (HTTP 429)${bodyNote(body)}`
          : `HTTP ${status}${bodyNote(body)}`,
      retryAfterMs: parseRetryAfter(reply.retryAfter, now),
      later: false,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: "reject",
      status,
      code: undefined,
      reason: `HTTP ${status}: redirects are not followed`,
    };
  }
  if (status < 200 || status >= 300) {
    return {
      kind: "reject",
      status,
      code: vendorCode(body),
      reason: `HTTP ${status}${bodyNote(body)}`,
    };
  }
  if (type !== "dingtalk" && type !== "wecom" && type !== "feishu") return { kind: "ok" };
  return readRobotBody(type, status, body);
}

function readRobotBody(
  type: "dingtalk" | "wecom" | "feishu",
  status: number,
  body: string,
): ReplyVerdict {
  const parsed = parseJson(body);
  const code =
    type === "feishu" ? numeric(parsed?.code ?? parsed?.StatusCode) : numeric(parsed?.errcode);
  if (code === 0) return { kind: "ok" };
  const message = String(parsed?.errmsg ?? parsed?.msg ?? parsed?.StatusMessage ?? "");
  if (code === undefined) {
    return {
      kind: "retry",
      status,
      code: undefined,
      reason: `HTTP ${status} with an unreadable ${type} reply${bodyNote(body)}`,
      retryAfterMs: undefined,
      later: false,
    };
  }
  const reason = `${type} error ${code}${message ? `: ${truncate(oneLine(message), REASON_CHARS)}` : ""}`;
  const codes = ROBOT_CODES[type];
  if (codes.later.includes(code) || codes.retry.includes(code)) {
    return {
      kind: "retry",
      status,
      code: String(code),
      reason,
      retryAfterMs: undefined,
      later: codes.later.includes(code),
    };
  }
  return { kind: "reject", status, code: String(code), reason };
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const numeric = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined;

/** Slack answers errors as plain words (`invalid_payload`); others as JSON with a code. */
function vendorCode(body: string): string | undefined {
  const j = parseJson(body);
  const c = j?.errcode ?? j?.code ?? j?.error ?? j?.status;
  if (typeof c === "string" || typeof c === "number") return String(c);
  return /^[a-z_]{3,60}$/.test(body) ? body : undefined;
}

const bodyNote = (body: string): string =>
  body ? `: ${truncate(oneLine(body), REASON_CHARS)}` : "";
