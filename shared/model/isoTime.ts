import * as z from "zod";

/**
 * A time in events and snapshots: ISO 8601 in UTC (`Z`), as `Date#toISOString` writes it, for
 * example `2025-03-01T09:56:00.000Z`. Provider times in other forms are converted when read
 * (`shared/providers/time.ts`); an offset or a missing zone is refused here.
 */
export const IsoTime = z.iso.datetime();
