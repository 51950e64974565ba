import * as z from "zod";
import { type Provider, ProviderSchema } from "../model/cluster.ts";
import calendarJson from "./endOfSupport.json" with { type: "json" };

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be YYYY-MM" });

/**
 * The end-of-support calendar (endOfSupport.json): per provider and Kubernetes minor version,
 * the month the vendor's own page gives as end of support (CCE "EOS of CCE Clusters", ACK
 * "Discontinue date"), with the page. Strict, so a typo in the file fails its test.
 */
export const SupportCalendarSchema = z
  .object({
    checkedAt: z.iso.date(),
    note: z.string(),
    sources: z.record(ProviderSchema, z.object({ title: z.string(), url: z.url() }).strict()),
    versions: z.array(
      z
        .object({
          provider: ProviderSchema,
          minor: z.string().regex(/^\d+\.\d+$/),
          endOfSupport: Month.nullable(),
          status: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type SupportCalendar = z.infer<typeof SupportCalendarSchema>;

/** The calendar shipped with the product, parsed once. */
export const SUPPORT_CALENDAR: SupportCalendar = SupportCalendarSchema.parse(calendarJson);

/**
 * `ended`: past its end of support. `ending`: within `soonMs` of it. `supported`: further off.
 * `unknown`: the calendar has no date for this provider and minor version (a version newer than
 * the file, a beta, or a version string we could not read).
 */
export type SupportStatus = "ended" | "ending" | "supported" | "unknown";

export interface VersionSupport {
  /** `1.29`, from `v1.29.1-r0` (CCE) or `1.30.1-aliyun.1` (ACK); null when unreadable. */
  minor: string | null;
  /** ISO date of the first day of the end-of-support month, or null. */
  endOfSupport: string | null;
  status: SupportStatus;
  /** Whole days from `now` to the end of support (negative once past), or null. */
  daysLeft: number | null;
  source: string | null;
}

const DAY_MS = 86_400_000;

/** The Kubernetes minor version in a provider's version string, or null. */
export function minorVersion(version: string | null | undefined): string | null {
  const match = /^v?(\d+)\.(\d+)(?:[.\-+]|$)/.exec(version?.trim() ?? "");
  return match ? `${Number(match[1])}.${Number(match[2])}` : null;
}

/**
 * Where `version` stands against the calendar at `now` (epoch ms). A month counts from its
 * first day (ASSUMPTION: the pages give months only, so the earliest reading is taken).
 * `soonMs` defaults to 90 days, the weekly digest's horizon.
 */
export function versionSupport(
  provider: Provider,
  version: string | null | undefined,
  now: number,
  options: { soonMs?: number; calendar?: SupportCalendar } = {},
): VersionSupport {
  const calendar = options.calendar ?? SUPPORT_CALENDAR;
  const minor = minorVersion(version);
  const row = calendar.versions.find((v) => v.provider === provider && v.minor === minor);
  const source = row ? (calendar.sources[provider]?.url ?? null) : null;
  if (!row || row.endOfSupport === null) {
    return { minor, endOfSupport: null, status: "unknown", daysLeft: null, source };
  }
  const end = Date.parse(`${row.endOfSupport}-01T00:00:00Z`);
  const daysLeft = Math.floor((end - now) / DAY_MS);
  const soon = options.soonMs ?? 90 * DAY_MS;
  const status: SupportStatus = end <= now ? "ended" : end - now <= soon ? "ending" : "supported";
  return { minor, endOfSupport: `${row.endOfSupport}-01`, status, daysLeft, source };
}

/** How many whole days ago the calendar was last checked against the vendors' pages. */
export function calendarAgeDays(now: number, calendar: SupportCalendar = SUPPORT_CALENDAR): number {
  return Math.floor((now - Date.parse(`${calendar.checkedAt}T00:00:00Z`)) / DAY_MS);
}
