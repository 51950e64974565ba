import { configForSimulator, type SimulatorInfo } from "../simConfig.ts";

const EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The demo's Alertmanager (the sink plays it): its target name and its bearer token. */
export const DEMO_ALERTMANAGER = {
  name: "demo-alertmanager",
  /** The demo's own, checked by the sink; never a real secret. */
  token: "local-demo-alertmanager-token",
} as const;

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
  // Chat channels get a lasting poll failure once per repeat bucket; PagerDuty and the signed
  // webhooks get every copy and deduplicate by id.
  const chat = new Set(["slack", "teams", "feishu", "dingtalk", "wecom"]);
  const receivers = channels.receivers.map((r) =>
    chat.has(String(r.type)) ? { ...r, filter: { pollFailed: "once-per-bucket" } } : r,
  );
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
      "ack-pause": {
        onPause: "resume-in-window",
        maintenanceWindows: [
          { timeZone: "Asia/Shanghai", days: [...EVERY_DAY], start: "00:00", end: "24:00" },
        ],
      },
    },
  });
  return { ...generated, config: { ...generated.config, receivers, routes: channels.routes } };
}
