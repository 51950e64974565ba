import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import {
  type EventOf,
  type ShepherdEvent,
  ShepherdEventSchema,
} from "../../shared/events/shepherdEvent.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { receiversFor } from "../../shared/notify/route.ts";
import { alertsSilenced, alertsUnsilenced } from "../../shared/quiet/quietEvents.ts";
import { cceUpgrade, MIN, POLICY, PROD_A, T0 } from "../helpers/notifyEvents.ts";

// The quiet events and a failure's lifted silences as people read them, made by the product's
// own builders (quietEvents.ts) and the real decide, each parsed as a publishable event.

const window = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const upgrade = cceUpgrade();
const ctx = {
  cluster: PROD_A,
  upgrade,
  window,
  target: { name: "prod-am", kind: "alertmanager" as const },
};
const silence = {
  id: "3ade43d4-59c6-4b18-8c82-e3e5dd88044d",
  startsAt: "2025-03-01T10:00:05.000Z",
  endsAt: "2025-03-01T10:10:05.000Z",
  matchers: ['cluster="prod-a"'],
};
const parse = <E extends ShepherdEvent>(e: E): E => ShepherdEventSchema.parse(e) as E;

const silenced = parse(alertsSilenced(ctx, silence, upgrade.id, ["t", window.t], false));
const unsilenced = parse(alertsUnsilenced(ctx, silence, upgrade.id, "succeeded", false));

const failedUpgrade = cceUpgrade({
  phase: "failed",
  rawPhase: "Failed",
  finishedAt: new Date(T0 - 4 * MIN).toISOString(),
});
const failed = (() => {
  const e = decide(
    { cluster: PROD_A, readAt: window.t, upgrade: failedUpgrade },
    window,
    POLICY,
  ).find((x) => x.detailType === "Upgrade Failed") as EventOf<"Upgrade Failed">;
  return parse({
    ...e,
    detail: {
      ...e.detail,
      silencesLifted: [
        {
          target: { name: "prod-am", kind: "alertmanager" as const },
          silenceId: silence.id,
          outcome: "lifted" as const,
          endsAt: "2025-03-01T10:00:05.000Z",
        },
        {
          target: { name: "oncall", kind: "pagerduty" as const },
          silenceId: "PW98YIO",
          outcome: "failed" as const,
          endsAt: "2025-03-01T10:10:05.000Z",
          problem: "DeleteMaintenanceWindow on silence target oncall failed (server): HTTP 503",
        },
      ],
    },
  });
})();

describe("quiet during upgrade, as people read it", () => {
  it("Alerts Silenced says where, until when (and that it is extended), and what it matches", () => {
    const view = alertView(silenced);
    expect(view.headline).toBe("🔕 Alerts silenced during the upgrade: prod-a");
    expect(view.facts).toEqual(
      expect.arrayContaining([
        { label: "Silenced in", value: "prod-am (Alertmanager)" },
        { label: "Matchers", value: 'cluster="prod-a"' },
        { label: "Silence ID", value: silence.id },
      ]),
    );
    expect(view.facts.find((f) => f.label === "Until")?.value).toMatch(/extended every run/);
  });

  it("Alerts Unsilenced says why the silence was lifted", () => {
    const view = alertView(unsilenced);
    expect(view.headline).toBe("🔔 Alerts unsilenced: prod-a");
    expect(view.facts).toEqual(
      expect.arrayContaining([{ label: "Lifted because", value: "the upgrade succeeded" }]),
    );
    // The bound: parsed like every event (the reason is in the schema), and said in words.
    const capped = parse(alertsUnsilenced(ctx, silence, upgrade.id, "max-length", false));
    expect(alertView(capped).facts).toEqual(
      expect.arrayContaining([
        {
          label: "Lifted because",
          value: "the upgrade has been kept quiet for its maximum length (maxLength)",
        },
      ]),
    );
  });

  it("the failure alert lists each silence and what became of it, on every channel", () => {
    const view = alertView(failed);
    expect(view.list).toEqual({
      label: "Silences lifted",
      items: [
        `prod-am (Alertmanager) silence ${silence.id}: lifted`,
        expect.stringMatching(
          /^oncall \(PagerDuty\) silence PW98YIO: could not be lifted; it lapses by itself at .* \(DeleteMaintenanceWindow .*HTTP 503\)$/,
        ),
      ],
    });
    for (const render of [renderSlack, renderTeams, (e: ShepherdEvent) => renderWeCom([e])]) {
      const text = JSON.stringify(render(failed));
      expect(text).toContain("Silences lifted");
      expect(text).toContain("PW98YIO");
    }
    const [trigger] = renderPagerDuty(failed);
    expect(JSON.stringify(trigger)).toContain("could not be lifted");
  });

  it("escapes what a target sent back (a silence id is the target's words) in chat markup", () => {
    const hostile = parse(
      alertsSilenced(ctx, { ...silence, id: "<!channel> *x*" }, upgrade.id, ["t", window.t], false),
    );
    const text = JSON.stringify(renderSlack(hostile));
    expect(text).not.toContain("<!channel>");
  });

  it("pages nobody, and reaches a receiver that follows the catalogue's defaults", () => {
    expect(renderPagerDuty(silenced)).toEqual([]);
    expect(renderPagerDuty(unsilenced)).toEqual([]);
    const config = NotifyConfigSchema.parse({
      receivers: [{ name: "ops", type: "slack" }],
      routes: [{ receivers: ["ops"] }],
    });
    expect(receiversFor(silenced, config).map((r) => r.name)).toEqual(["ops"]);
    expect(receiversFor(unsilenced, config).map((r) => r.name)).toEqual(["ops"]);
  });
});
