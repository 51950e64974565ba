import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";

/**
 * EventBridge refuses a PutEvents entry of 256 KB or more ("Calculating PutEvents event entry
 * size", EventBridge User Guide), counted as `entrySize` does.
 */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * What an oversized entry is cut to: 8 KB under the limit, for the envelope EventBridge wraps
 * around the detail before a rule's target gets it (id, account, region, time, resources: well
 * under 1 KB) and for the note saying what was cut. ASSUMPTION: no AWS page gives the envelope's
 * size; 8 KB is several times what its documented fields take.
 */
export const CUT_TO_BYTES = MAX_ENTRY_BYTES - 8 * 1024;

/** Strings shorter than this (ids, times, names, codes) are never cut: only free text is. */
const MIN_CUT_BYTES = 1024;
/** What is kept of a cut string, at least. */
const KEEP_BYTES = 512;

/**
 * Keys whose values say which cluster, upgrade or event this is: never cut, whatever their length,
 * so a cut event still names, routes and deduplicates the same. Arrays under `clusters`,
 * `failures`, `events` and `eventIds` are never shortened: each entry is a cluster to re-read or
 * an event to deliver (a shard request's `discovered` clusters too: each is a cluster to read).
 */
const FROZEN_KEYS = new Set([
  "id",
  "dueEventId",
  "clusterId",
  "projectId",
  "region",
  "provider",
  "consoleUrl",
  "credentialSet",
  "workflowId",
]);
const FROZEN_ARRAYS = new Set(["clusters", "failures", "events", "eventIds", "discovered"]);

/** One thing left out: a string's tail, an array's last entries, or a cluster's labels. */
export interface Cut {
  /** Where, as `upgrade.message` or `affectedClusters`. */
  path: string;
  removed: number;
  unit: "characters" | "entries" | "labels";
}

export interface FitResult {
  entry: PutEventsRequestEntry;
  cuts: Cut[];
  /** False when even every cut allowed leaves the entry too large; `entry` is then the original. */
  fits: boolean;
}

/**
 * Makes an entry fit EventBridge's limit by cutting what is least needed, largest first, with a
 * visible marker, so one event with a huge provider message or body never blocks the others nor
 * fails the run (issue 14, point 3). An entry that fits is returned unchanged.
 *
 * `accepts` is the detail's schema check: every cut is kept only if the detail still parses
 * (ids, times and enums are never cut). Without it, only long strings are cut, never structure.
 * With it, the detail also gets `truncated`, naming what was left out, where its schema has that
 * field. The steps, each applied only while the entry is too large:
 * 1. long strings (1 KB or more) lose their tail, ending in
 *    `… [cut: N of M characters left out to fit EventBridge's 256 KB entry limit]`;
 * 2. arrays (Poll Failed's `affectedClusters`, steps) lose their last entries, keeping one;
 * 3. clusters listed in arrays lose their labels.
 */
export function fitEntry(
  entry: PutEventsRequestEntry,
  accepts?: (detail: unknown) => boolean,
): FitResult {
  const size = entrySize(entry);
  if (size < MAX_ENTRY_BYTES || entry.Detail === undefined) {
    return { entry, cuts: [], fits: size < MAX_ENTRY_BYTES };
  }
  const budget = CUT_TO_BYTES - (size - bytes(entry.Detail));
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { entry, cuts: [], fits: false };
  }
  const fitted = fitDetail(detail, budget, accepts);
  if (fitted === null) return { entry, cuts: [], fits: false };
  return {
    entry: { ...entry, Detail: JSON.stringify(fitted.detail) },
    cuts: fitted.cuts,
    fits: true,
  };
}

/**
 * The detail cut to at most `budget` UTF-8 bytes of JSON, with what was cut, or null when it
 * cannot be (see `fitEntry`). The input is not changed.
 */
export function fitDetail(
  detail: unknown,
  budget: number,
  accepts?: (detail: unknown) => boolean,
): { detail: unknown; cuts: Cut[] } | null {
  const root = structuredClone(detail);
  const valid = accepts ?? (() => true);
  const cuts: Cut[] = [];
  const noteRoom = accepts ? 1024 : 0;
  const over = () => jsonBytes(root) - (budget - noteRoom);
  const frozen = new Set<string>();

  const steps: Step[] = [cutLongestString, ...(accepts ? [shortenLargestArray, dropLabels] : [])];
  for (const step of steps) {
    while (over() > 0) {
      const done = step(root, over(), frozen, valid);
      if (done === null) break;
      cuts.push(done);
    }
  }
  if (over() > 0) return null;
  if (cuts.length > 0 && isRecord(root) && accepts) {
    const withNote = { ...root, truncated: noteOf(cuts) };
    if (accepts(withNote)) return { detail: withNote, cuts };
  }
  return { detail: root, cuts };
}

/** One cut, applied in place when the detail still parses; null when nothing more can be cut. */
type Step = (
  root: unknown,
  over: number,
  frozen: Set<string>,
  valid: (detail: unknown) => boolean,
) => Cut | null;

const cutLongestString: Step = (root, over, frozen, valid) => {
  for (;;) {
    const leaf = largest(
      leaves(root).filter((l) => typeof l.value === "string" && !frozen.has(l.path)),
    );
    if (!leaf || leaf.bytes < MIN_CUT_BYTES) return null;
    const text = leaf.value as string;
    const cut = cutText(text, Math.max(KEEP_BYTES, leaf.bytes - over));
    leaf.set(cut.text);
    if (valid(root)) return { path: leaf.path, removed: cut.removed, unit: "characters" };
    leaf.set(text);
    frozen.add(leaf.path);
  }
};

const shortenLargestArray: Step = (root, over, frozen, valid) => {
  for (;;) {
    const leaf = largest(
      leaves(root).filter(
        (l) => Array.isArray(l.value) && l.value.length > 1 && !frozen.has(l.path),
      ),
    );
    if (!leaf) return null;
    const items = leaf.value as unknown[];
    let keep = items.length;
    let saved = 0;
    while (keep > 1 && saved < over) {
      keep--;
      saved += jsonBytes(items[keep]) + 1;
    }
    leaf.set(items.slice(0, keep));
    if (valid(root)) return { path: leaf.path, removed: items.length - keep, unit: "entries" };
    leaf.set(items);
    frozen.add(leaf.path);
  }
};

/**
 * The labels of clusters listed in arrays (never the event's own `cluster`, which routing reads),
 * largest first, as many at once as the excess needs, checked once.
 */
const dropLabels: Step = (root, over, frozen, valid) => {
  const candidates = leaves(root)
    .filter(
      (l) =>
        l.key === "labels" &&
        /\[\d+\]\.labels$/.test(l.path) &&
        isRecord(l.value) &&
        Object.keys(l.value).length > 0 &&
        !frozen.has(l.path),
    )
    .sort((a, b) => b.bytes - a.bytes);
  const dropped: { leaf: Leaf; labels: Record<string, unknown> }[] = [];
  let saved = 0;
  for (const leaf of candidates) {
    if (saved >= over) break;
    dropped.push({ leaf, labels: leaf.value as Record<string, unknown> });
    saved += leaf.bytes - 2;
    leaf.set({});
  }
  if (dropped.length === 0) return null;
  if (valid(root)) {
    const removed = dropped.reduce((n, d) => n + Object.keys(d.labels).length, 0);
    return { path: `labels of ${dropped.length} listed clusters`, removed, unit: "labels" };
  }
  for (const d of dropped) {
    d.leaf.set(d.labels);
    frozen.add(d.leaf.path);
  }
  return null;
};

interface Leaf {
  path: string;
  key: string;
  value: unknown;
  /** Its JSON's UTF-8 size, measured on first use: most leaves are never measured. */
  readonly bytes: number;
  set: (value: unknown) => void;
}

/** Every value under the root except frozen keys and frozen arrays' own places, with a setter. */
function leaves(root: unknown): Leaf[] {
  const out: Leaf[] = [];
  const visit = (
    parent: Record<string, unknown> | unknown[],
    key: string | number,
    path: string,
  ) => {
    const value = (parent as Record<string | number, unknown>)[key];
    const name = typeof key === "number" ? "" : key;
    if (typeof key === "string" && FROZEN_KEYS.has(key)) return;
    const arrayFrozen = Array.isArray(value) && FROZEN_ARRAYS.has(name);
    if (!arrayFrozen) {
      let size: number | undefined;
      out.push({
        path,
        key: name,
        value,
        get bytes() {
          size ??= jsonBytes(value);
          return size;
        },
        set: (v) => {
          (parent as Record<string | number, unknown>)[key] = v;
        },
      });
    }
    walk(value, path, visit);
  };
  walk(root, "", visit);
  return out;
}

function walk(
  value: unknown,
  path: string,
  visit: (parent: Record<string, unknown> | unknown[], key: string | number, path: string) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((_, i) => {
      visit(value, i, `${path}[${i}]`);
    });
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) visit(value, key, path ? `${path}.${key}` : key);
  }
}

const largest = (list: Leaf[]): Leaf | undefined =>
  list.reduce<Leaf | undefined>(
    (best, l) => (best === undefined || l.bytes > best.bytes ? l : best),
    undefined,
  );

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const jsonBytes = (v: unknown): number => bytes(JSON.stringify(v) ?? "");

/**
 * An entry's size as EventBridge counts it: the UTF-8 bytes of Source, DetailType, Detail and
 * each Resource, plus 14 for a Time.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const b = (s: string | undefined) => (s ? bytes(s) : 0);
  return (
    b(entry.Source) +
    b(entry.DetailType) +
    b(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + b(r), 0) +
    (entry.Time ? 14 : 0)
  );
}

const marker = (removed: number, total: number): string =>
  `… [cut: ${removed} of ${total} characters left out to fit EventBridge's 256 KB entry limit]`;

/**
 * The longest prefix of `text` whose JSON form, with the marker, takes at most `maxBytes`
 * (JSON escapes count: a control character is 6 bytes), never splitting a surrogate pair.
 * `removed` counts UTF-16 code units, as `String#length` does.
 */
export function cutText(text: string, maxBytes: number): { text: string; removed: number } {
  const room = maxBytes - jsonBytes(marker(text.length, text.length)) + 2;
  let used = 2;
  let end = 0;
  for (const ch of text) {
    const size = jsonCharBytes(ch);
    if (used + size > room) break;
    used += size;
    end += ch.length;
  }
  const removed = text.length - end;
  return { text: `${text.slice(0, end)}${marker(removed, text.length)}`, removed };
}

const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x22, 0x5c]);

/**
 * One code point's size inside a JSON string as `JSON.stringify` writes it, in UTF-8 bytes: `\n`
 * and `\"` are 2, other control characters and lone surrogates `\u00XX` (6), the rest as UTF-8.
 */
function jsonCharBytes(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (SHORT_ESCAPES.has(code)) return 2;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6;
  return code > 0xffff ? 4 : 3;
}

/** `upgrade.message (299812 of 307200 characters); affectedClusters (120 entries)`, briefly. */
function noteOf(cuts: Cut[]): string {
  const shown = cuts.slice(0, 5).map((c) => `${c.path} (${c.removed} ${c.unit})`);
  const more = cuts.length > 5 ? `; and ${cuts.length - 5} more` : "";
  return `cut to fit EventBridge's 256 KB entry limit; left out: ${shown.join("; ")}${more}`;
}
