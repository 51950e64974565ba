const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Calendar fields of `ms` shifted by `offsetMs`, read in UTC so the host's zone never leaks in. */
function fields(ms: number, offsetMs: number) {
  const d = new Date(ms + offsetMs);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: d.getUTCMilliseconds(),
  };
}

/**
 * Huawei CCE's Go `time.String()` form, e.g. `2023-11-24 16:41:12.09236 +0800 CST`: microseconds
 * with trailing zeros trimmed (and no dot at all when the fraction is zero). CCE serves upgrade
 * tasks in `+0800 CST` and workflows in `+0000 UTC`. The sub-millisecond digits are derived from
 * the value, so parsers meet five- and six-digit fractions as they do live.
 */
export function huaweiTime(ms: number, zone: "CST" | "UTC"): string {
  const offset = zone === "CST" ? BEIJING_OFFSET_MS : 0;
  const f = fields(ms, offset);
  const micros = f.millis * 1000 + ((Math.floor(Math.abs(ms) / 1000) * 7919 + 321) % 1000);
  const fraction = micros === 0 ? "" : `.${pad(micros, 6).replace(/0+$/, "")}`;
  return `${f.date} ${f.time}${fraction} ${zone === "CST" ? "+0800 CST" : "+0000 UTC"}`;
}

/** ACK's ISO 8601 with the Beijing offset, e.g. `2020-11-10T16:02:04+08:00` (or with `.482`). */
export function ackIsoTime(ms: number, withMillis = false): string {
  const f = fields(ms, BEIJING_OFFSET_MS);
  const fraction = withMillis ? `.${pad(f.millis, 3)}` : "";
  return `${f.date}T${f.time}${fraction}+08:00`;
}

/** ACK stage times, `2022-12-15 23:00:00`: Beijing wall time with no zone at all. */
export function ackStageTime(ms: number): string {
  const f = fields(ms, BEIJING_OFFSET_MS);
  return `${f.date} ${f.time}`;
}

/** Parses Huawei's `X-Sdk-Date` (`20191115T033655Z`); NaN when it is not in that form. */
export function parseSdkDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return utcFrom(m);
}

/** Parses Alibaba's `x-acs-date` (`2023-10-26T09:01:01Z`); NaN when it is not in that form. */
export function parseAcsDate(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return utcFrom(m);
}

function utcFrom(m: RegExpExecArray): number {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}
