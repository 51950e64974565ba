import { configForSimulator, type SimulatorInfo } from "../simConfig.ts";
import { DEMO_ACTIONS } from "./demoPress.ts";

const EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * The demo's config: every path of the product on the demo scenario. A one-minute interval
 * so a poll comes every two wall seconds at speed 30, and short stall and repeat times so the
 * stall shows within the story. The functions judge maintenance windows on their own (wall)
 * clock, not the scenario's, so the demo's window is open all week.
 */
export function demoConfig(
  info: SimulatorInfo,
  channels: { receivers: Record<string, unknown>[]; routes: Record<string, unknown>[] },
) {
  // Chat channels get a lasting poll failure once per repeat bucket; PagerDuty and the signed
  // webhooks get every copy and deduplicate by id.
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
      "autopilot-fail": { onFailure: "cancel" },
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
  return { ...generated, config: { ...generated.config, receivers, routes: channels.routes } };
}
