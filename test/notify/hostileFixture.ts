/**
 * The one hostile fixture every channel is tested with: every notified event type, made by the
 * real decide / pollFailedEvents / outcome schemas (`NOTIFIED_EVENTS`), with every free-form
 * string a cloud, a config or a user supplies (cluster name, region, ids, labels, versions,
 * phases, step names and statuses, codes, request ids, credential set, messages) replaced by
 * text that tries to become a link, a mention, a tag, an image or markup in some channel.
 */
import { precheckReport } from "../../shared/actions/judgePrecheck.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { PrecheckRecord } from "../../shared/providers/actions/precheckRecord.ts";
import { NOTIFIED } from "../helpers/notifyEvents.ts";

/** One of everything, on one line. */
export const HOSTILE = [
  "[click me](https://evil.example/phish)",
  "https://evil.example/raw?x=1",
  "http://evil.example",
  "www.evil.example",
  "evil.example/path",
  "ops@evil.example",
  "<https://evil.example|slack link>",
  "<!channel>",
  "<!here>",
  "<@U024BE7LH>",
  "<!subteam^S0614TZR7>",
  "@all",
  "@here",
  "@channel",
  "@13800001111",
  '<at user_id="all"></at>',
  "<at id=all></at>",
  "<@wecomuser>",
  '<font color="red">red</font>',
  "<a href='https://evil.example'>a</a>",
  "<b>bold</b>",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "**bold**",
  "*em*",
  "_em_",
  "~~strike~~",
  "`code`",
  "```fence```",
  "![img](https://evil.example/x.png)",
  "[ref]: https://evil.example",
  "&amp; &lt;b&gt; &#60;at&#62;",
  ":smile:",
  "🚀👨‍👩‍👧",
  "\u202Eevil.exe\u202C",
  "\u200Fשלום\u200E",
  "\\ | ~",
].join(" ");

/** Several lines, each starting with block syntax, then everything again. */
export const HOSTILE_LINES = `# heading\n> quote\n- item\n1. item\n\`\`\`\nfenced\n\`\`\`\n${HOSTILE}`;

/** Very long: past every per-field cap and every message limit, with emoji at every cut. */
export const HOSTILE_LONG = `${`${HOSTILE_LINES}\n`.repeat(40)}🚀end`;

/** Keys whose string values (and every label key and value) come from outside. */
const FREE_FORM = new Set([
  "name",
  "region",
  "clusterId",
  "projectId",
  "rawPhase",
  "fromVersion",
  "toVersion",
  "status",
  "code",
  "requestId",
  "credentialSet",
  "taskId",
  "workflowId",
  "workflowPhase",
]);

/** Free text: the long form. */
const MESSAGES = new Set(["message"]);

function poison(value: unknown, key: string | null, parent: string | null): unknown {
  if (typeof value === "string") {
    if (key !== null && MESSAGES.has(key)) return HOSTILE_LONG;
    if (key !== null && FREE_FORM.has(key)) return `${key} ${HOSTILE}`;
    if (key === "id" && parent === "upgrade") return `upgrade ${HOSTILE}`;
    if (key === "phase" && parent === "postcheck") return `phase ${HOSTILE}`;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => poison(v, key, parent));
  if (value && typeof value === "object") {
    if (key === "labels") {
      return { [`team ${HOSTILE}`]: `value ${HOSTILE}`, env: HOSTILE };
    }
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, poison(v, k, key)]),
    );
  }
  return value;
}

/** Every notified event type, poisoned, and still an event the schemas accept. */
export function hostileEvents(): [string, ShepherdEvent][] {
  return NOTIFIED.map(([type, event]) => {
    const poisoned = poison(event, null, null) as ShepherdEvent;
    return [type, ShepherdEventSchema.parse(poisoned)];
  });
}

/** A Poll Failed over 300 hostile clusters: the longest list a renderer meets. */
export function hostileFleetFailure(): ShepherdEvent {
  const [, poll] = hostileEvents().find(([t]) => t === "Poll Failed") ?? [];
  if (poll?.detailType !== "Poll Failed") throw new Error("no Poll Failed fixture");
  const clusters = Array.from({ length: 300 }, (_, i) => ({
    ...poll.detail.cluster,
    clusterId: `cluster-${i} ${HOSTILE}`,
    name: `fleet-${i} ${HOSTILE}`,
  }));
  return ShepherdEventSchema.parse({
    ...poll,
    detail: { ...poll.detail, cluster: clusters[0], affectedClusters: clusters },
  });
}

/**
 * start-upgrade's Action Skipped `precheck` (a warning, so notified) whose findings and message
 * are the cloud's hostile text, bounded by the real `precheckReport`, as start-upgrade sends it.
 */
export function hostilePrecheckSkipped(): ShepherdEvent {
  const [, skipped] = hostileEvents().find(([t]) => t === "Action Skipped") ?? [];
  if (skipped?.detailType !== "Action Skipped") throw new Error("no Action Skipped fixture");
  const record: PrecheckRecord = {
    cloud: "huawei",
    id: `id ${HOSTILE}`,
    targetVersion: "v1.31",
    status: `Failed ${HOSTILE}`,
    createdAt: skipped.detail.window.start,
    updatedAt: skipped.detail.window.end,
    finishedAt: null,
    expiresAt: null,
    message: HOSTILE_LONG,
    findings: Array.from({ length: 12 }, (_, i) => `item ${i} ${HOSTILE_LONG}`),
  };
  const verdict = { kind: "findings" as const, record, message: `precheck ${HOSTILE}` };
  const { report, message } = precheckReport(verdict);
  return ShepherdEventSchema.parse({
    ...skipped,
    detail: {
      ...skipped.detail,
      action: "upgrade",
      reason: "precheck",
      severity: "warning",
      message,
      precheck: report,
    },
  });
}
