import { type PathBehaviour, SINK_VENDORS } from "./behaviour.ts";
import type { SinkDelivery } from "./server.ts";

/** The default paths: one per vendor, robots rate-limited, signatures checked when a secret is given. */
export function defaultBehaviours(
  secret: string | undefined,
  perMinute: number,
): Record<string, PathBehaviour> {
  const signed = new Set(["webhook", "cloudevents", "dingtalk", "feishu"]);
  return Object.fromEntries(
    SINK_VENDORS.map((vendor) => [
      `/${vendor}`,
      {
        vendor,
        ...(secret && signed.has(vendor) ? { verify: { secret } } : {}),
        ...(vendor === "dingtalk" || vendor === "wecom" ? { rateLimit: { perMinute } } : {}),
      },
    ]),
  );
}

/** A delivery as one readable line, for the local stack's timeline. Bodies stay in --json. */
export function describeDelivery(d: SinkDelivery): string {
  const sig = d.signature === "unchecked" ? "" : ` signature ${d.signature}`;
  const dup = d.duplicateOf ? ` duplicate of #${d.duplicateOf}` : "";
  return `sink: #${d.seq} ${d.at} ${d.method} ${d.path} -> ${d.reply.status} (${Buffer.byteLength(d.body)} bytes)${sig}${dup}\n`;
}
