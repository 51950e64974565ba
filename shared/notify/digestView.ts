import type { EventOf } from "../events/shepherdEvent.ts";
import type { AlertView, Fact, TextBlock } from "./alertView.ts";
import { humanDuration } from "./format.ts";

const PROVIDERS = { cce: "CCE", "cce-autopilot": "CCE Autopilot", ack: "ACK" } as const;

/** The parts of the alert view that are the digest's own: its facts, its list and its texts. */
export function digestParts(event: EventOf<"Weekly Digest">): {
  facts: Fact[];
  list: AlertView["list"];
  texts: TextBlock[];
} {
  const d = event.detail;
  const u = d.upgrades;
  const facts: Fact[] = [
    { label: "Week", value: `${d.window.start.slice(0, 10)} to ${d.window.end.slice(0, 10)}` },
    { label: "Clusters", value: String(d.clusters) },
    {
      label: "Upgrades",
      value: `${u.succeeded} succeeded, ${u.failed} failed, ${u.cancelled} cancelled, ${u.other} still going`,
    },
    {
      label: `Leaving support within ${d.horizonDays} days`,
      value: String(d.endOfSupport.items.length + d.endOfSupport.more),
    },
  ];
  if (d.statusPage)
    facts.push({ label: "Status page", value: `${d.statusPage} (open with aws s3 presign)` });
  const eos = d.endOfSupport;
  const list =
    eos.items.length === 0
      ? null
      : {
          label: `Versions leaving support within ${d.horizonDays} days`,
          items: [
            ...eos.items.map(
              (i) =>
                `${i.cluster.name ?? i.cluster.clusterId} (${PROVIDERS[i.cluster.provider]} · ${i.cluster.region}): ${i.version}, ${
                  i.daysLeft < 0
                    ? `out of support since ${i.endOfSupport}`
                    : `support ends ${i.endOfSupport} (in ${i.daysLeft} days)`
                }`,
            ),
            ...(eos.more > 0 ? [`and ${eos.more} more`] : []),
          ],
        };
  const lines = u.items.map(
    (i) =>
      `${i.startedAt.slice(0, 10)} ${i.cluster.name ?? i.cluster.clusterId}: ${i.fromVersion ?? "?"} → ${i.toVersion ?? "?"}, ${i.outcome}${
        i.durationMs === null ? "" : ` in ${humanDuration(i.durationMs)}`
      }`,
  );
  if (u.more > 0) lines.push(`and ${u.more} more`);
  const texts = lines.length ? [{ label: "Upgrades this week", text: lines.join("\n") }] : [];
  return { facts, list, texts };
}
