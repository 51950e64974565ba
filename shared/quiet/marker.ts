/**
 * Who makes our silences: Alertmanager's `createdBy`, and the word that opens the marker in a
 * silence's comment or a PagerDuty window's description.
 */
export const CREATED_BY = "upgrade-shepherd";

/** What a silence's marker says: whose it is, for which upgrade, made by which run. */
export interface Marker {
  /** `clusterKey(ref)`: `provider/region/project/clusterId`. */
  clusterKey: string;
  upgradeId: string;
  /** The `T` of the run that made it: a retry of that run knows the silence is its own. */
  t: string;
  /** The `T` of the last run that extended it (absent until one has): extended once per run. */
  last?: string | undefined;
}

const MARKER_PATTERN =
  /\[upgrade-shepherd cluster=(\S+) upgrade=(\S+) t=([^\s\]]+)(?: last=([^\s\]]+))?\]/;

/**
 * `[upgrade-shepherd cluster=<key> upgrade=<id> t=<T>]` (and ` last=<T>` once a run has extended
 * it), each value URI-encoded so no id can break the brackets. With no database, this fixed marker
 * is how every later run (and a retry of this one) finds the silence again: by the cluster and the
 * upgrade it holds, and which runs made and last extended it.
 */
export function formatMarker(m: Marker): string {
  const e = encodeURIComponent;
  const last = m.last === undefined ? "" : ` last=${e(m.last)}`;
  return `[${CREATED_BY} cluster=${e(m.clusterKey)} upgrade=${e(m.upgradeId)} t=${e(m.t)}${last}]`;
}

/** The text with its marker replaced (the words around it kept), or the marker appended. */
export function withMarker(text: string, m: Marker): string {
  return MARKER_PATTERN.test(text)
    ? text.replace(MARKER_PATTERN, formatMarker(m))
    : `${text} ${formatMarker(m)}`.trim();
}

/** The marker in a comment or description, or null when there is none (not ours). */
export function readMarker(text: string | null | undefined): Marker | null {
  const match = MARKER_PATTERN.exec(text ?? "");
  if (!match) return null;
  try {
    return {
      clusterKey: decodeURIComponent(match[1] ?? ""),
      upgradeId: decodeURIComponent(match[2] ?? ""),
      t: decodeURIComponent(match[3] ?? ""),
      ...(match[4] === undefined ? {} : { last: decodeURIComponent(match[4]) }),
    };
  } catch {
    return null;
  }
}
