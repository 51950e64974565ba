import type { ResolvedCluster } from "../shared/config/resolveClusters.ts";
import type { ShepherdEvent } from "../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../shared/model/cluster.ts";
import { clusterKey } from "../shared/model/clusterIdentity.ts";
import type { UpgradeSnapshot } from "../shared/model/snapshot.ts";
import type { ReadFailure } from "../shared/poll/readFleet.ts";
import type { RecordedAnswer } from "./answerRecorder.ts";

/** Each body and snapshot is shown up to this many characters, pretty-printed: enough for a page. */
export const MAX_SHOWN_CHARS = 4000;

/** One cluster's read, side by side: what the cloud said, and what the product made of it. */
export interface ClusterExplanation {
  cluster: ClusterRef;
  answers: RecordedAnswer[];
  /** Null when the read failed, or the cluster was not due in this run. */
  snapshot: UpgradeSnapshot | null;
  failure: ReadFailure | null;
  /** Every event of the run about this cluster (named by it, or listing it). */
  events: ShepherdEvent[];
}

export interface Explanation {
  clusters: ClusterExplanation[];
  /** Answers no configured cluster could be matched to (none expected). */
  unattributed: RecordedAnswer[];
}

/**
 * Sorts the recorded answers by cluster, without any help from the providers: an answer belongs
 * to the cluster whose id is a segment of its path (at that cluster's endpoint), or else to the
 * cluster an earlier answer of which named the id in its path (ACK's `/tasks/{task_id}` is found
 * through the task list DescribeClusterTasks returned for that cluster).
 */
export function explainRun(
  clusters: readonly ResolvedCluster[],
  answers: readonly RecordedAnswer[],
  run: {
    snapshots: readonly UpgradeSnapshot[];
    failures: readonly ReadFailure[];
    events: readonly ShepherdEvent[];
  },
): Explanation {
  const byKey = new Map(clusters.map((c) => [c.key, [] as RecordedAnswer[]]));
  const unattributed: RecordedAnswer[] = [];
  for (const answer of answers) {
    const owner = ownerOf(answer, clusters, byKey);
    if (owner) byKey.get(owner.key)?.push(answer);
    else unattributed.push(answer);
  }
  return {
    clusters: clusters.map((c) => ({
      cluster: c.ref,
      answers: byKey.get(c.key) ?? [],
      snapshot: run.snapshots.find((s) => clusterKey(s.cluster) === c.key) ?? null,
      failure: run.failures.find((f) => clusterKey(f.cluster) === c.key) ?? null,
      events: run.events.filter((e) => namedIn(e).includes(c.key)),
    })),
    unattributed,
  };
}

function ownerOf(
  answer: RecordedAnswer,
  clusters: readonly ResolvedCluster[],
  byKey: Map<string, RecordedAnswer[]>,
): ResolvedCluster | undefined {
  const segments = [
    ...answer.path.split("/"),
    ...Object.values(answer.query ?? {}).flatMap((v) => (Array.isArray(v) ? v : [String(v)])),
  ].filter((s) => s !== "");
  const here = clusters.filter((c) => c.endpoint === answer.endpoint);
  const direct = here.find((c) => segments.includes(c.ref.clusterId));
  if (direct) return direct;
  // An id in the path that an earlier answer for the cluster carried as a JSON string value.
  const ids = segments.filter((s) => s.length >= 6);
  return here.find((c) =>
    (byKey.get(c.key) ?? []).some((earlier) =>
      ids.some((id) => earlier.body?.includes(JSON.stringify(id))),
    ),
  );
}

/** The cluster keys an event is about: its cluster, and the clusters it lists. */
function namedIn(e: ShepherdEvent): string[] {
  const d = e.detail as {
    cluster?: ClusterRef;
    affectedClusters?: ClusterRef[];
    clusters?: ClusterRef[];
  };
  return [d.cluster, ...(d.affectedClusters ?? []), ...(d.clusters ?? [])]
    .filter((c): c is ClusterRef => c !== undefined)
    .map(clusterKey);
}

/** A body as people read it: JSON indented, anything else as sent; cut with a note. */
export function showBody(body: string): string {
  let text = body;
  try {
    text = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON: shown as received.
  }
  return cut(text);
}

function cut(text: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return text;
  return `${text.slice(0, MAX_SHOWN_CHARS)}\n… (${text.length - MAX_SHOWN_CHARS} more characters not shown; ${text.length} in all)`;
}

const indent = (text: string, by: string): string =>
  text
    .split("\n")
    .map((line) => `${by}${line}`)
    .join("\n");

function queryText(query: RecordedAnswer["query"]): string {
  const pairs = Object.entries(query ?? {}).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`,
  );
  return pairs.length > 0 ? `?${pairs.join("&")}` : "";
}

function answerText(a: RecordedAnswer, n: number): string {
  const outcome = a.status !== null ? `HTTP ${a.status}` : `no answer: ${a.error}`;
  const retry = a.attempt > 1 ? ` (attempt ${a.attempt})` : "";
  const head = `  ${n}. ${a.operation}: ${a.method} ${a.path}${queryText(a.query)} -> ${outcome}${retry}`;
  return a.body === null || a.body === "" ? head : `${head}\n${indent(showBody(a.body), "     ")}`;
}

function readText(x: ClusterExplanation): string {
  if (x.failure) {
    const f = x.failure;
    const where = [f.operation, f.status !== undefined ? `HTTP ${f.status}` : null, f.code]
      .filter(Boolean)
      .join(", ");
    return `  read failed: ${f.kind}${where ? ` (${where})` : ""}: ${f.message}`;
  }
  if (!x.snapshot) return "  not read in this run (not on its poll interval's grid)";
  const s = x.snapshot;
  const lines: string[] = [];
  const u = s.upgrade;
  lines.push(
    u
      ? `  phase ${u.phase} (raw ${JSON.stringify(u.rawPhase)}), from ${u.source}, upgrade ${u.id}`
      : "  no upgrade",
  );
  if (s.degraded) {
    const d = s.degraded;
    lines.push(
      `  degraded: ${d.reason}: ${d.operation}${d.code ? ` ${d.code}` : ""}: ${d.message}`,
    );
  }
  lines.push("  snapshot:", indent(cut(JSON.stringify(s, null, 2)), "    "));
  return lines.join("\n");
}

/**
 * The text `poll --explain` prints: per cluster, the raw answers next to what was read from them
 * and the events the run would publish about it. `redact` is applied to the whole text.
 */
export function renderExplanation(x: Explanation, redact: (text: string) => string): string {
  const blocks = x.clusters.map((c) => {
    const title = `== ${c.cluster.name ?? c.cluster.clusterId} (${c.cluster.provider} ${c.cluster.region} ${c.cluster.clusterId})`;
    const answers =
      c.answers.length > 0
        ? c.answers.map((a, i) => answerText(a, i + 1)).join("\n")
        : "  (no request was sent)";
    const events =
      c.events.length > 0
        ? c.events
            .map((e) => `  ${e.detail.severity.padEnd(8)} ${e.detailType}  ${e.detail.id}`)
            .join("\n")
        : "  (none)";
    return [title, "answers:", answers, "read:", readText(c), "events:", events].join("\n");
  });
  if (x.unattributed.length > 0) {
    blocks.push(
      [
        "== answers matched to no cluster",
        ...x.unattributed.map((a, i) => answerText(a, i + 1)),
      ].join("\n"),
    );
  }
  return redact(`${blocks.join("\n\n")}\n\n`);
}

/**
 * Replaces every loaded key, secret and token with `[redacted]`, should a cloud ever echo one.
 * Strings shorter than 8 characters are left alone: no real key is that short, and replacing
 * them would garble the text.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  // Each secret as written, and as it appears inside a JSON string (quotes, backslashes escaped).
  const forms = secrets
    .filter((s) => s.length >= 8)
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  const list = [...new Set(forms)].sort((a, b) => b.length - a.length);
  return (text) => list.reduce((t, s) => t.split(s).join("[redacted]"), text);
}
