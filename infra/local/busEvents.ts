/**
 * EventBridge events as Lambda receives them, for whatever invokes the functions outside AWS:
 * the local runner, the benchmark and the tests. One shape each, so they cannot drift apart.
 */

/** The schedule rule's event for `t` (EventBridge writes `time` without milliseconds). */
export const scheduledEvent = (t: Date) => ({
  version: "0",
  id: "11111111-1111-1111-1111-111111111111",
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: t.toISOString().replace(/\.\d{3}Z$/, "Z"),
  region: "us-east-1",
  resources: ["arn:aws:events:us-east-1:123456789012:rule/poll"],
  detail: {},
});

/** What a rule on the bus delivers for a published entry. */
export const busEvent = (entry: { detailType: string; detail: unknown; time: string }) => ({
  version: "0",
  id: "00000000-0000-0000-0000-000000000000",
  source: "upgrade-shepherd",
  account: "123456789012",
  region: "us-east-1",
  resources: [],
  "detail-type": entry.detailType,
  time: entry.time,
  detail: entry.detail,
});
