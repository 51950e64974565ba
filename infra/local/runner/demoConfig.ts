import { configForSimulator, credentialSetName, type SimulatorInfo } from "../simConfig.ts";
import { ClusterSchema, type Scenario } from "../simulator/scenarioSchema.ts";
import { DEMO_ACTIONS } from "./demoPress.ts";

const EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The demo's Alertmanager (the sink plays it): its target name and its bearer token. */
export const DEMO_ALERTMANAGER = {
  name: "demo-alertmanager",
  /** The demo's own, checked by the sink; never a real secret. */
  token: "local-demo-alertmanager-token",
} as const;

/**
 * A cluster only discovery knows: created 8 scenario minutes in, in the demo's Alibaba account,
 * with no upgrade. The run whose window holds its creation announces `Cluster Discovered`, and
 * every later run reads it. It is added to the demo scenario here, not in demo.yaml, so the
 * scenario other tests play keeps its six clusters.
 */
export const DEMO_NEW_CLUSTER = ClusterSchema.parse({
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "cd3c4b5a69788f1e2d3c4b5a69788f103",
  name: "ack-new",
  version: "1.31.1-aliyun.1",
  credentials: "DEMOALIBABAAK00000001",
  tags: { env: "demo", team: "search" },
  createdAt: "8m",
});

/** The demo scenario with the cluster only discovery knows. */
export const demoScenario = (scenario: Scenario): Scenario => ({
  ...scenario,
  clusters: [...scenario.clusters, DEMO_NEW_CLUSTER],
});

const ACK_RESUME = {
  onPause: "resume-in-window",
  maintenanceWindows: [
    { timeZone: "Asia/Shanghai", days: [...EVERY_DAY], start: "00:00", end: "24:00" },
  ],
};

/**
 * The demo's config: every path of the product on the demo scenario. A one-minute interval
 * so a poll comes every two wall seconds at speed 30, and short stall and repeat times so the
 * stall shows within the story. The functions judge maintenance windows on their own (wall)
 * clock, not the scenario's, so the demo's window is open all week. One upgrade
 * (autopilot-fail) is kept quiet in an Alertmanager the sink plays, at `alertmanagerUrl`: the
 * silence is made when the upgrade starts, extended every run, and lifted when it fails.
 */
export function demoConfig(
  info: SimulatorInfo,
  channels: { receivers: Record<string, unknown>[]; routes: Record<string, unknown>[] },
  alertmanagerUrl?: string,
) {
  // Chat channels get a lasting (warning) poll failure once per repeat bucket; a refused key is
  // critical and reaches them every run (issue 14: critical is never held back by a stateless
  // filter). PagerDuty and the signed webhooks get every copy and deduplicate by id.
  const chat = new Set(["slack", "teams", "feishu", "dingtalk", "wecom"]);
  // Slack carries buttons a person presses (the demo resumes ack-pause that way), Teams links.
  const receivers = channels.receivers.map((r) => {
    const actions = DEMO_ACTIONS[String(r.type)];
    return {
      ...r,
      ...(chat.has(String(r.type)) ? { filter: { pollFailed: "once-per-bucket" } } : {}),
      ...(actions ? { actions } : {}),
    };
  });
  const generated = configForSimulator(info, {
    bus: "upgrade-shepherd-local",
    defaults: { pollInterval: "1m", lag: "30s", stallAfter: "5m", repeat: "30m" },
    overrides: {
      "autopilot-fail": {
        onFailure: "cancel",
        ...(alertmanagerUrl
          ? {
              quietDuringUpgrade: {
                targets: [
                  {
                    name: DEMO_ALERTMANAGER.name,
                    type: "alertmanager",
                    url: alertmanagerUrl,
                    auth: "bearer",
                    matchers: ['cluster="{name}"', 'provider="{provider}"'],
                    allowPrivateNetwork: true,
                  },
                ],
              },
            }
          : {}),
      },
      "cce-dryrun-fail": { onFailure: "cancel", dryRun: true },
      // Paused and left alone by policy: a person resumes it from Slack, inside its window.
      "ack-pause": {
        onPause: "alert-only",
        maintenanceWindows: [
          { timeZone: "Asia/Shanghai", days: [...EVERY_DAY], start: "00:00", end: "24:00" },
        ],
      },
    },
  });
  // The Huawei clusters are listed by id; the Alibaba account is discovered (docs/discovery.md):
  // its clusters, the one created mid-story included, come from DescribeClustersV1, with the
  // source's overrides (resume inside the window) and a label saying where they came from.
  // ack-pause stays listed too: a listed entry's settings win over discovery's, so it keeps
  // its alert-only policy and waits for the Slack press.
  const ack = info.clusters.filter((c) => c.provider === "ack");
  const aliKey = info.clusterCredentials?.[ack[0]?.clusterId ?? ""] ?? "DEMOALIBABAAK00000001";
  const clusters = (generated.config.clusters as { provider: string }[]).filter(
    (c) => c.provider !== "ack" || (c as { name?: string }).name === "ack-pause",
  );
  const discover = {
    ack: [
      {
        name: "demo-alibaba",
        credentials: credentialSetName(aliKey),
        account: "demo Alibaba account",
        endpoint: info.url,
        regions: [...new Set(ack.map((c) => c.region))].sort(),
        labels: { set: { found: "discovery" } },
        overrides: ACK_RESUME,
      },
    ],
  };
  return {
    ...generated,
    config: { ...generated.config, discover, clusters, receivers, routes: channels.routes },
  };
}
