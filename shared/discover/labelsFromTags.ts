import { MAX_CHARS, MAX_LABELS } from "../config/bounds.ts";
import type { LabelRule } from "../config/discoverConfig.ts";

const fits = (key: string, value: string): boolean =>
  key.length >= 1 && key.length <= MAX_CHARS.labelKey && value.length <= MAX_CHARS.labelValue;

/**
 * A discovered cluster's labels, from its tags by the source's rule, within the same bounds a
 * listed cluster's labels keep (bounds.ts): `set` labels first, then tags in key order, at most
 * 50 in all, and a tag whose key or value is longer than a label may be is left out rather than
 * cut (a cut value would route as a value the cloud never had). Pure and deterministic.
 */
export function labelsFromTags(
  tags: Record<string, string>,
  rule: LabelRule,
): Record<string, string> {
  const out: Record<string, string> = { ...rule.set };
  let count = Object.keys(out).length;
  for (const [tagKey, labelKey] of mappedKeys(tags, rule.fromTags)) {
    if (count >= MAX_LABELS) break;
    const value = tags[tagKey] ?? "";
    if (Object.hasOwn(out, labelKey) || !fits(labelKey, value)) continue;
    out[labelKey] = value;
    count++;
  }
  return out;
}

/** [tag key, label key] pairs the rule copies, in tag key order. */
function mappedKeys(
  tags: Record<string, string>,
  fromTags: LabelRule["fromTags"],
): [string, string][] {
  const present = Object.keys(tags).sort();
  if (fromTags === "none") return [];
  if (fromTags === "all") return present.map((k) => [k, k]);
  if (Array.isArray(fromTags)) {
    const wanted = new Set(fromTags);
    return present.filter((k) => wanted.has(k)).map((k) => [k, k]);
  }
  return present.filter((k) => Object.hasOwn(fromTags, k)).map((k) => [k, fromTags[k] ?? k]);
}
