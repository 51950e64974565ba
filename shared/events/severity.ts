import * as z from "zod";

/** Ordered from least to most urgent; routing compares against a minimum, so the order is the contract. */
export const SEVERITIES = ["debug", "info", "warning", "critical"] as const;

export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** A comparator for `Array#sort` and for "at least" checks: negative when `a` is less urgent than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** True when `s` is as urgent as `min` or more: the test a receiver's minimum severity applies. */
export function severityAtLeast(s: Severity, min: Severity): boolean {
  return compareSeverity(s, min) >= 0;
}
