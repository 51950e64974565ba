import type { Config } from "../config/configSchema.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import type { DigestTrigger } from "./digestTrigger.ts";
import { StatusModelSchema } from "./statusModel.ts";
import type { StatusStore } from "./statusStore.ts";
import { weeklyDigest } from "./weeklyDigest.ts";
import { STATUS_JSON_KEY, STATUS_PAGE_KEY } from "./writeStatusPage.ts";

export interface DigestSummary {
  trigger: "digest";
  t: string;
  /** `published`, or why nothing was. */
  digest: string;
  putEventsCalls: number;
}

/**
 * The weekly digest: read the status page's last status.json (every shard's clusters and the
 * last 30 days of upgrades, so no cloud request), build one Weekly Digest event and publish it;
 * notify sends it to each receiver whose route names it. With no page yet (or no store) there
 * is nothing to summarise, and that is the answer, not an error.
 */
export async function handleDigest(
  trigger: DigestTrigger,
  config: Pick<Config, "bus">,
  deps: {
    eventBridge: EventBridgeLike;
    statusStore?: StatusStore | undefined;
    statusBucket?: string | null;
  },
): Promise<DigestSummary> {
  const base = { trigger: "digest" as const, t: trigger.t.toISOString() };
  if (!deps.statusStore)
    return { ...base, digest: "not published: no status page store", putEventsCalls: 0 };
  const text = await deps.statusStore.get(STATUS_JSON_KEY);
  if (text === null)
    return { ...base, digest: "not published: no status page yet", putEventsCalls: 0 };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...base, digest: "not published: status.json is not JSON", putEventsCalls: 0 };
  }
  const { missing: _missing, summary: _summary, ...model } = raw;
  const parsed = StatusModelSchema.safeParse(model);
  if (!parsed.success)
    return { ...base, digest: "not published: status.json does not parse", putEventsCalls: 0 };
  const event = weeklyDigest(parsed.data, trigger.t, {
    statusPage: deps.statusBucket ? `s3://${deps.statusBucket}/${STATUS_PAGE_KEY}` : null,
  });
  const published = await publishEntries(deps.eventBridge, [toPutEventsEntry(event, config.bus)]);
  return { ...base, digest: "published", putEventsCalls: published.calls };
}
