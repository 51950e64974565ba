import { configForSimulator, type SimulatorInfo } from "../simConfig.ts";
import { DEMO_ACTIONS } from "./demoPress.ts";

/**
 * The rollout demo's labels, by cluster name: what a platform team puts on its clusters to say
 * which are production and which are the canaries. ack-staging is not in the rollout.
 */
export const ROLLOUT_DEMO_LABELS: Record<string, Record<string, string>> = {
  "cce-canary": { env: "prod", ring: "canary" },
  "ack-canary": { env: "prod", ring: "canary" },
  "cce-payments": { env: "prod" },
  "autopilot-batch": { env: "prod" },
  "cce-web": { env: "prod" },
  "ack-search": { env: "prod" },
  "ack-shop": { env: "prod" },
  "ack-staging": { env: "staging" },
};

/**
 * The rollout the demo plays: issue 19's, with its soaks in demo minutes (24h and 12h there) and
 * two canaries, one on each cloud. Seven clusters are `env: prod`: the canary wave takes the two
 * `ring: canary` ones, `early` takes 25% of seven (two, in the rollout's stable order), `rest`
 * the other three, two at a time.
 */
export const ROLLOUT_DEMO_ROLLOUT = {
  name: "k8s-1.31",
  target: { cce: "v1.31", "cce-autopilot": "v1.31", ack: "1.31.1-aliyun.1" },
  clusters: { labels: { env: "prod" } },
  waves: [
    { name: "canary", clusters: { labels: { ring: "canary" } }, maxConcurrent: 2, soak: "10m" },
    { name: "early", percent: 25, maxConcurrent: 2, soak: "5m", approval: "chat" },
    { name: "rest", maxConcurrent: 2, approval: "chat" },
  ],
  haltOn: { failures: 1, stalls: 1 },
} as const;

const EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MIN = 60_000;

/**
 * Where the rollout demo's clouds start their clock: one hour before `now` (the wall clock),
 * on a whole minute. The functions run on the machine's clock and compare the clouds' times with
 * it in a few places, as a deployment does: whether the cloud's precheck is still fresh (CCE's
 * expiry, ACK's `repeat`), and an approval's soak and window (poll-status judges an Approve press
 * at the moment of the press). The story's 60 scenario minutes play in a few wall minutes, so
 * clouds an hour behind never run ahead of the functions (a soak has ended when the scheduled
 * run says so), and their times stay as recent as a real cloud's (a precheck from a minute ago
 * is fresh). The other demo plays a fixed day in 2025, which suits it: nothing there compares.
 */
export function rolloutDemoStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / MIN) * MIN - 60 * MIN);
}

/**
 * The rollout demo's config: every cluster listed with its labels, the rollout, and every sink
 * channel as a receiver (Slack may be pressed by the demo's person). A one-minute poll interval,
 * as in the other demo; a one-day repeat, so a halt or a waiting wave is announced at its onset
 * and not again within the story (and ACK's precheck, which has no expiry of its own, stays fresh
 * for the whole story). Rollout starts happen only inside a cluster's maintenance
 * windows: the demo's is open all week.
 */
export function rolloutDemoConfig(
  info: SimulatorInfo,
  channels: { receivers: Record<string, unknown>[]; routes: Record<string, unknown>[] },
) {
  const receivers = channels.receivers.map((r) => {
    const actions = DEMO_ACTIONS[String(r.type)];
    return { ...r, ...(actions ? { actions } : {}) };
  });
  const generated = configForSimulator(info, {
    bus: "upgrade-shepherd-local",
    defaults: {
      pollInterval: "1m",
      lag: "30s",
      stallAfter: "5m",
      repeat: "24h",
      maintenanceWindows: [{ timeZone: "UTC", days: [...EVERY_DAY], start: "00:00", end: "24:00" }],
    },
  });
  const clusters = (generated.config.clusters as { name: string }[]).map((c) => ({
    ...c,
    labels: ROLLOUT_DEMO_LABELS[c.name] ?? {},
  }));
  return {
    ...generated,
    config: {
      ...generated.config,
      clusters,
      rollouts: [ROLLOUT_DEMO_ROLLOUT],
      receivers,
      routes: channels.routes,
    },
  };
}
