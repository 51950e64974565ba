/** A Kubernetes version's major, minor and patch; missing parts count as 0. */
export type VersionTriple = readonly [number, number, number];

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/**
 * `v1.28.3-r0` (CCE), `1.32.1-aliyun.1` (ACK), `v1.29` -> [1, 28, 3], [1, 32, 1], [1, 29, 0].
 * The suffix after the patch (CCE's `-rN`, ACK's `-aliyun.N`) is the vendor's build and is not
 * compared: a range is written in Kubernetes versions. Undefined when there is no version.
 */
export function versionTriple(version: string | null | undefined): VersionTriple | undefined {
  const m = version ? VERSION.exec(version.trim()) : null;
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function compareVersions(a: VersionTriple, b: VersionTriple): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface VersionRange {
  atLeast?: string | undefined;
  below?: string | undefined;
}

/** Whether `version` lies in `[atLeast, below)`; an unreadable version lies in no range. */
export function inVersionRange(version: string | null, range: VersionRange): boolean {
  const v = versionTriple(version);
  if (!v) return false;
  const low = versionTriple(range.atLeast);
  const high = versionTriple(range.below);
  if (low && compareVersions(v, low) < 0) return false;
  if (high && compareVersions(v, high) >= 0) return false;
  return true;
}

/** `>=v1.28 <v1.31`, for the rule a cluster matched. */
export const describeRange = (range: VersionRange): string =>
  [range.atLeast && `>=${range.atLeast}`, range.below && `<${range.below}`]
    .filter(Boolean)
    .join(" ");
