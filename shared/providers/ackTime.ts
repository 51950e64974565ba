import { parseEpochMillis, parseIsoOffsetTime, parseZonelessTime, TimestampError } from "./time.ts";

const EPOCH_MS = /^\d{12,14}$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/;

/**
 * Any time form an ACK source shows, to ISO 8601 UTC (null when empty):
 * - ISO 8601 with an offset, with or without milliseconds (`created`/`updated`:
 *   `2020-11-10T16:02:04+08:00`, `2022-08-03T10:12:03.482+08:00`; cs20151215 SDK examples);
 * - zone-less `2022-12-15 23:00:00` (a stage's `start_time`/`end_time`), read as UTC+8;
 * - epoch milliseconds, as a number or a string (an event's `timestamp`: `1669706229286`).
 * Each field's documented form is tried first, but a field that arrives in another documented
 * form is read too. Anything else throws `TimestampError` (a `parse` failure of the read).
 */
export function parseAckTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return parseEpochMillis(value);
  const v = value.trim();
  if (v === "") return null;
  if (EPOCH_MS.test(v)) return parseEpochMillis(v);
  if (ZONELESS.test(v)) return parseZonelessTime(v);
  if (v.includes("T")) return parseIsoOffsetTime(v);
  throw new TimestampError(value);
}
