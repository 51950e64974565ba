import { catalogueEntry } from "./catalogue.ts";
import type { DetailType } from "./detailType.ts";
import { type Severity, SeveritySchema } from "./severity.ts";

/**
 * The `severity` field of one detail-type's schema, limited to the severities the catalogue
 * allows it: an `Upgrade Failed` that says `info` is a bug, and parsing catches it.
 */
export function severityField(detailType: DetailType) {
  const [first, ...rest] = catalogueEntry(detailType).severities;
  if (first === undefined) throw new RangeError(`${detailType} has no severities`);
  return SeveritySchema.extract([first, ...rest] as [Severity, ...Severity[]]);
}
