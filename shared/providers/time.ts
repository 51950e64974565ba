import { TimestampError } from "../errors.ts";

/**
 * Provider timestamps, parsed strictly and with their offsets, into ISO 8601 UTC strings.
 * An unreadable timestamp is an error, never a silent default: a wrong time would announce
 * a transition in the wrong window, or never.
 */

/**
 * Huawei CCE prints Go's `time.Time.String()` (seeds 001 and 002:
 * `2023-11-24 16:41:12.09236 +0800 CST`, `2023-11-25 06:32:34.923248 +0000 UTC`). That function
 * prints `2006-01-02 15:04:05.999999999 -0700 MST`: the fraction only when not zero and without
 * trailing zeros (1 to 9 digits), then the numeric offset, then the zone's abbreviation, which is
 * letters (`CST`, `UTC`, `MST`, `IST`, `ChST`) or, for a zone without one, the numeric offset again
 * (`+0000`, `-03`, `-00` in tzdata's unnamed zones), and for a time read from the monotonic clock
 * a ` m=±<seconds>` suffix. Every such form is read; the numeric offset is the truth, and a
 * numeric abbreviation that contradicts it is refused.
 */
const HUAWEI =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2})(?: (?:([A-Za-z]{1,10})|([+-])(\d{2})(\d{2})?))?(?: m=[+-]\d+(?:\.\d{1,9})?)?$/;

/** ACK task times: ISO 8601 with an offset or `Z`, e.g. `2020-11-10T16:02:04+08:00`. */
const ISO_OFFSET_FIELDS =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** ACK stage times have no zone: `2022-12-15 23:00:00`. */
const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

const toIso = (ms: number, raw: string): string => {
  if (!Number.isFinite(ms)) throw new TimestampError(raw);
  return new Date(ms).toISOString();
};

/**
 * Date.UTC rolls an out-of-range field over (month 13, 30 February, 25:00) into a valid but
 * wrong instant; a timestamp is only read when its fields name a real wall-clock time.
 */
function utcFromFields(
  raw: string,
  y: string,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  ms = 0,
): number {
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const back = new Date(t);
  const real =
    back.getUTCFullYear() === Number(y) &&
    back.getUTCMonth() === Number(mo) - 1 &&
    back.getUTCDate() === Number(d) &&
    back.getUTCHours() === Number(h) &&
    back.getUTCMinutes() === Number(mi) &&
    back.getUTCSeconds() === Number(s);
  if (!real) throw new TimestampError(raw);
  return t;
}

const blank = (value: string | null | undefined): value is null | undefined | "" =>
  value === null || value === undefined || value.trim() === "";

/** Parses a Huawei timestamp (any form Go's `time.Time.String()` prints), offset included; empty gives null. */
export function parseHuaweiTime(value: string | null | undefined): string | null {
  if (blank(value)) return null;
  const m = HUAWEI.exec(value.trim());
  if (!m) throw new TimestampError(value);
  const [, y = "", mo = "", d = "", h = "", mi = "", s = "", frac = "", sign, oh, om] = m;
  const [abbrSign, abbrH, abbrM = "00"] = [m[12], m[13], m[14]];
  if (Number(oh) > 14 || Number(om) > 59) throw new TimestampError(value);
  if (abbrSign !== undefined && !sameOffset(sign, oh, om, abbrSign, abbrH, abbrM)) {
    throw new TimestampError(value);
  }
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const offsetMin = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return toIso(utcFromFields(value, y, mo, d, h, mi, s, ms) - offsetMin * 60_000, value);
}

/** A numeric zone abbreviation names the offset itself; tzdata's `-00` stands for an unnamed UTC. */
function sameOffset(
  sign: string | undefined,
  oh: string | undefined,
  om: string | undefined,
  abbrSign: string,
  abbrH: string | undefined,
  abbrM: string,
): boolean {
  const zero = Number(oh) === 0 && Number(om) === 0;
  if (zero && Number(abbrH) === 0 && Number(abbrM) === 0) return true;
  return sign === abbrSign && oh === abbrH && om === abbrM;
}

/** Parses an ISO 8601 timestamp that must carry its offset; empty gives null. */
export function parseIsoOffsetTime(value: string | null | undefined): string | null {
  if (blank(value)) return null;
  const m = ISO_OFFSET_FIELDS.exec(value.trim());
  if (!m) throw new TimestampError(value);
  const [, y = "", mo = "", d = "", h = "", mi = "", s = ""] = m;
  utcFromFields(value, y, mo, d, h, mi, s);
  return toIso(Date.parse(value.trim()), value);
}

/**
 * Parses an ACK stage time, which has no zone. ACK reports it in China Standard Time
 * (UTC+8), the zone of its console and API; `offsetMinutes` says otherwise where needed.
 */
export function parseZonelessTime(
  value: string | null | undefined,
  offsetMinutes = 480,
): string | null {
  if (blank(value)) return null;
  const m = ZONELESS.exec(value.trim());
  if (!m) throw new TimestampError(value);
  const [, y = "", mo = "", d = "", h = "", mi = "", s = ""] = m;
  return toIso(utcFromFields(value, y, mo, d, h, mi, s) - offsetMinutes * 60_000, value);
}

/** ACK event timestamps are epoch milliseconds, as a number or a string. */
export function parseEpochMillis(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  const ms = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new TimestampError(String(value));
  return toIso(ms, String(value));
}
