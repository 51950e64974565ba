import { assembleParts } from "./assembleParts.ts";
import { statusDocument } from "./statusDocument.ts";
import { type StatusModel, StatusModelSchema } from "./statusModel.ts";
import type { StatusStore } from "./statusStore.ts";

export const STATUS_PAGE_KEY = "index.html";
export const STATUS_JSON_KEY = "status.json";

/** Where one run's parts go: `runs/<T>/`. The bucket's lifecycle rule expires them. */
export const runPrefix = (t: string): string => `runs/${t}/`;

const partKey = (m: StatusModel) =>
  `${runPrefix(m.t)}part-${m.part.index}-of-${m.part.count}-attempt-${m.part.attempt ?? 1}.json`;

export interface WrittenStatus {
  /** Whether this invocation wrote the page (not when a newer run's page is already there). */
  pageWritten: boolean;
  parts: number;
  missing: number[];
}

/**
 * Writes this invocation's part of the run's status, then the page and its JSON assembled from
 * every part of the same run that is there (S3 lists what was written before, strongly
 * consistent). It lists again after writing the page and rewrites it while more parts appeared,
 * so whichever shard finishes last leaves the whole page, with no lock and no state beyond the
 * run's own objects. A part that does not parse is left out (and the page names its shard as
 * missing); a newer run's page is never overwritten by an older run's late shard.
 */
export async function writeStatusPage(
  store: StatusStore,
  model: StatusModel,
): Promise<WrittenStatus> {
  await store.put(partKey(model), JSON.stringify(model), "application/json");
  const current = await store.get(STATUS_JSON_KEY);
  const shownT = current === null ? null : (safeT(current) ?? null);
  if (shownT !== null && shownT > model.t) return { pageWritten: false, parts: 0, missing: [] };

  let seen = -1;
  let result: WrittenStatus = { pageWritten: false, parts: 0, missing: [] };
  for (let round = 0; round <= model.part.count; round++) {
    const keys = (await store.list(runPrefix(model.t))).filter((k) => k.endsWith(".json"));
    if (keys.length === seen) break;
    seen = keys.length;
    const parts: StatusModel[] = [];
    for (const key of keys) {
      const body = await store.get(key);
      const parsed = body === null ? null : StatusModelSchema.safeParse(safeJson(body));
      if (parsed?.success) parts.push(parsed.data);
    }
    const assembled = assembleParts(parts, model.t);
    const { html, json } = statusDocument(assembled);
    await store.put(STATUS_JSON_KEY, JSON.stringify(json), "application/json");
    await store.put(STATUS_PAGE_KEY, html, "text/html; charset=utf-8");
    result = { pageWritten: true, parts: parts.length, missing: assembled.missing };
  }
  return result;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const safeT = (text: string): string | undefined => {
  const t = (safeJson(text) as { t?: unknown } | null)?.t;
  return typeof t === "string" ? t : undefined;
};
