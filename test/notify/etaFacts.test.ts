import { describe, expect, it } from "vitest";
import { judgeRun } from "../../shared/decide/judgeRun.ts";
import type { DecidePolicy } from "../../shared/decide/policy.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { Upgrade } from "../../shared/model/snapshot.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { plan, planned } from "../decide/runFixtures.ts";
import {
  CCE,
  cceUpgrade,
  iso,
  MIN,
  POLICY,
  pastCceUpgrade,
  steps,
  T0,
} from "../helpers/upgrades.ts";

const AUTO: DecidePolicy = { ...POLICY, stallAfter: "auto" };
const W = windowFor(new Date(T0), POLICY.pollInterval, POLICY.lag);

const history = [
  pastCceUpgrade("a", 30, 20),
  pastCceUpgrade("b", 20, 25),
  pastCceUpgrade("c", 10, 30),
];

const run = (upgrade: Upgrade): ShepherdEvent[] =>
  judgeRun(plan([{ ...planned(CCE), window: W, policy: AUTO }]), {
    snapshots: [{ cluster: CCE, readAt: iso(T0), upgrade, history }],
    failures: [],
  });

const facts = (e: ShepherdEvent | undefined) =>
  Object.fromEntries((e ? alertView(e).facts : []).map((f) => [f.label, f.value]));

describe("ETA and auto stalls in messages", () => {
  it("Upgrade Started says when it will likely finish and what that rests on", () => {
    const started = run(cceUpgrade({ id: "now", createdAt: iso(T0 - 4 * MIN), steps: [] })).find(
      (e) => e.detailType === "Upgrade Started",
    );
    expect(facts(started).ETA).toBe(
      "≈ 32m left, by 2025-03-01 10:30 UTC (usually 34m, from its last 3 upgrades)",
    );
    expect(JSON.stringify(renderSlack(started as ShepherdEvent))).toContain("≈ 32m left");
  });

  it("Upgrade Stalled names the step, how long it has run and how long it usually takes", () => {
    const since = T0 - 2 * MIN - 50 * MIN - 30_000;
    const upgrade = cceUpgrade({
      id: "now",
      createdAt: iso(since - 9 * MIN),
      updatedAt: iso(T0 - MIN),
      steps: steps({
        PreCheck: {
          status: "Success",
          startedAt: iso(since - 9 * MIN),
          finishedAt: iso(since - 5 * MIN),
        },
        Snapshot: { status: "Success", startedAt: iso(since - 5 * MIN), finishedAt: iso(since) },
        Cluster: { status: "Running", startedAt: iso(since) },
      }),
    });
    const stalled = run(upgrade).find((e) => e.detailType === "Upgrade Stalled");
    expect(facts(stalled)).toMatchObject({
      Step: "Cluster",
      "Running for": "50m 30s",
      "Usually takes": "25m",
      "Stalled after": "50m (twice the usual, at least 30m)",
      ETA: "overdue: 59m 30s in, usually 34m (from its last 3 upgrades)",
    });
  });
});
