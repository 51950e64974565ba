/**
 * Every notified event type, made the way the product makes it: lifecycle and poll events by
 * running the real `decide` / `pollFailedEvents` on snapshots, outcomes with the action
 * functions' own builders (`shared/actions/outcomeEvents.ts`) answering a real due event.
 * Everything here is parsed with `ShepherdEventSchema`, so a fixture can never be an event the
 * product could not send. Times, the policy and the upgrade factories are `upgrades.ts`'s.
 */
import {
  actionFailed,
  actionSkipped,
  actionSucceeded,
  autoActionsSuspended,
  type OutcomeContext,
  postcheckOutcome,
} from "../../shared/actions/outcomeEvents.ts";
import type { DueDetail } from "../../shared/actions/parseDueEvent.ts";
import { decide } from "../../shared/decide/decide.ts";
import { pollFailedEvents } from "../../shared/decide/pollFailedEvents.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { expectationFor, fleetSamples } from "../../shared/eta/expectation.ts";
import { hashId } from "../../shared/events/eventId.ts";
import type { Action } from "../../shared/events/outcomeDetails.ts";
import {
  type CarriedType,
  type EventOf,
  type ShepherdEvent,
  ShepherdEventSchema,
} from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Step, Upgrade } from "../../shared/model/snapshot.ts";
import { DISCOVERY_EVENTS } from "./discoveryFixtures.ts";
import {
  ackUpgrade as baseAckUpgrade,
  cceUpgrade as baseCceUpgrade,
  HOUR,
  iso,
  MIN,
  POLICY,
  snapshot,
  steps,
  T0,
} from "./upgrades.ts";

export { HOUR, MIN, POLICY, T0 };

/** Inside the run's window (09:53, 09:58]. */
const IN_W = T0 - 4 * MIN;

export const PROD_A: ClusterRef = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
  name: "prod-a",
  labels: { team: "payments", env: "prod-eu" },
};

export const AUTOPILOT_B: ClusterRef = {
  provider: "cce-autopilot",
  region: "ap-southeast-3",
  projectId: "5f6e7d",
  clusterId: "1e2f3a4b-0000-11ee-8e46-0255ac10004c",
  name: "batch-b",
  labels: { team: "data", env: "prod-ap" },
};

export const ACK_C: ClusterRef = {
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "c106f377e16f34eb1808d6b9362c9aaaa",
  name: "edge-c",
  labels: { team: "platform", env: "staging" },
};

/** A CCE upgrade that started inside the run's window, unless overridden. */
export const cceUpgrade = (overrides: Partial<Upgrade> = {}): Upgrade =>
  baseCceUpgrade({
    createdAt: iso(IN_W),
    updatedAt: iso(IN_W),
    steps: steps({
      PreCheck: { status: "Success", startedAt: iso(IN_W), finishedAt: iso(IN_W + 30_000) },
      Snapshot: {
        status: "Success",
        startedAt: iso(IN_W + 30_000),
        finishedAt: iso(IN_W + 60_000),
      },
      Cluster: { status: "Running", startedAt: iso(IN_W + 60_000) },
    }),
    workflowId: "7a9e1c40-aaaa-4bbb-8ccc-0255ac100049",
    ...overrides,
  });

/** An ACK upgrade task that started inside the run's window, unless overridden. */
export const ackUpgrade = (overrides: Partial<Upgrade> = {}): Upgrade =>
  baseAckUpgrade({
    createdAt: iso(IN_W),
    updatedAt: iso(IN_W),
    steps: [
      { name: "PreCheck", status: "success", startedAt: iso(IN_W), finishedAt: iso(IN_W + MIN) },
      { name: "UpgradeMaster", status: "running", startedAt: iso(IN_W + MIN), finishedAt: null },
      { name: "UpgradeNodePool", status: null, startedAt: null, finishedAt: null },
    ],
    ...overrides,
  });

/**
 * decide at `T`, parsed, and the one event of `type` it made. With `history` (the cluster's past
 * upgrades), decide is given the ETA the poller computes from it, as `judgeRun` does.
 */
export function decided<D extends CarriedType>(
  type: D,
  cluster: ClusterRef,
  upgrade: Upgrade,
  T = T0,
  policy = POLICY,
  history?: Upgrade[],
): EventOf<D> {
  const snap = snapshot(cluster, upgrade, T, history);
  const window = windowFor(new Date(T), 5 * MIN, 2 * MIN);
  const expectation = history
    ? expectationFor(snap, fleetSamples([snap]), Date.parse(window.end))
    : undefined;
  const events = decide(snap, window, policy, expectation);
  const found = events.filter((e) => e.detailType === type);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type}, decide made ${events.map((e) => e.detailType).join(", ")}`,
    );
  }
  return ShepherdEventSchema.parse(found[0]) as EventOf<D>;
}

/** What an action function answering `due` starts from, at the run's time. */
const answering = (due: ShepherdEvent, action: Action): OutcomeContext => {
  const detail = due.detail as DueDetail;
  return { due: detail, action, dryRun: false, upgrade: detail.upgrade, at: new Date(due.time) };
};

const parsedAs = <D extends CarriedType>(event: ShepherdEvent): EventOf<D> =>
  ShepherdEventSchema.parse(event) as EventOf<D>;

const succeededCce = cceUpgrade({
  phase: "succeeded",
  rawPhase: "Success",
  progress: 100,
  createdAt: iso(T0 - 52 * MIN),
  finishedAt: iso(IN_W),
  updatedAt: iso(IN_W),
  workflowPhase: "Running",
  steps: steps({
    PreCheck: { status: "Success", startedAt: iso(T0 - 52 * MIN), finishedAt: iso(T0 - 50 * MIN) },
    Snapshot: { status: "Success", startedAt: iso(T0 - 50 * MIN), finishedAt: iso(T0 - 47 * MIN) },
    Cluster: { status: "Success", startedAt: iso(T0 - 47 * MIN), finishedAt: iso(IN_W) },
  }),
});

const failedCce = cceUpgrade({
  phase: "failed",
  rawPhase: "Failed",
  progress: 62,
  createdAt: iso(T0 - 40 * MIN),
  finishedAt: iso(IN_W),
  updatedAt: iso(IN_W),
  workflowPhase: "Pending",
  message:
    "Upgrade node pool np-general failed: drain of node 192.168.0.12 timed out after 30m (pod payments/ledger-0 has a PodDisruptionBudget that allows 0 disruptions)",
  steps: steps({
    PreCheck: { status: "Success", startedAt: iso(T0 - 40 * MIN), finishedAt: iso(T0 - 38 * MIN) },
    Snapshot: { status: "Success", startedAt: iso(T0 - 38 * MIN), finishedAt: iso(T0 - 36 * MIN) },
    Cluster: { status: "Failed", startedAt: iso(T0 - 36 * MIN), finishedAt: iso(IN_W) },
  }),
});

const pausedCce = cceUpgrade({
  phase: "paused",
  rawPhase: "Pause",
  progress: 55,
  createdAt: iso(T0 - 35 * MIN),
  updatedAt: iso(IN_W),
  workflowPhase: "Running",
  steps: steps({
    PreCheck: { status: "Success", startedAt: iso(T0 - 35 * MIN), finishedAt: iso(T0 - 33 * MIN) },
    Snapshot: { status: "Success", startedAt: iso(T0 - 33 * MIN), finishedAt: iso(T0 - 31 * MIN) },
    Cluster: { status: "Pause", startedAt: iso(T0 - 31 * MIN) },
  }),
});

/** A past success `totalMin` long, started `daysAgo` days before T0 (CCE: with its steps). */
function pastUpgrade(make: typeof cceUpgrade, id: string, daysAgo: number, totalMin: number) {
  const start = T0 - daysAgo * 24 * HOUR;
  const at = (m: number) => iso(start + m * MIN);
  const done = { status: "Success", startedAt: at(0) };
  const cce = make === cceUpgrade;
  return make({
    id,
    phase: "succeeded",
    rawPhase: cce ? "Success" : "success",
    progress: cce ? 100 : null,
    createdAt: at(0),
    finishedAt: at(totalMin),
    updatedAt: at(totalMin),
    workflowPhase: cce ? "Success" : null,
    steps: cce
      ? steps({
          PreCheck: { ...done, finishedAt: at(2) },
          Snapshot: { ...done, startedAt: at(2), finishedAt: at(4) },
          Cluster: { ...done, startedAt: at(4), finishedAt: at(totalMin) },
        })
      : [],
  });
}

/** prod-a's last three upgrades (48, 52 and 45 minutes): Upgrade Started carries its ETA. */
const prodAHistory = [
  pastUpgrade(cceUpgrade, "0c7e1f52-5b1e-4c55-9d0e-6f1b2a3c4d01", 120, 48),
  pastUpgrade(cceUpgrade, "0c7e1f52-5b1e-4c55-9d0e-6f1b2a3c4d02", 60, 52),
  pastUpgrade(cceUpgrade, "0c7e1f52-5b1e-4c55-9d0e-6f1b2a3c4d03", 20, 45),
];

/** edge-c's last three upgrades (ACK's task list: times only, 38, 42 and 40 minutes). */
const edgeCHistory = [
  pastUpgrade(ackUpgrade, "T-5faa48fb31b6b8078d000003", 150, 38),
  pastUpgrade(ackUpgrade, "T-5faa48fb31b6b8078d000004", 90, 42),
  pastUpgrade(ackUpgrade, "T-5faa48fb31b6b8078d000005", 30, 40),
];

/** Stalled: no timestamp newer than 34 minutes, so the 30-minute onset falls in the window. */
const stalledAck = ackUpgrade({
  createdAt: iso(IN_W - 50 * MIN),
  updatedAt: iso(IN_W - 30 * MIN),
  steps: [
    {
      name: "PreCheck",
      status: "success",
      startedAt: iso(IN_W - 50 * MIN),
      finishedAt: iso(IN_W - 45 * MIN),
    },
    { name: "UpgradeMaster", status: "running", startedAt: iso(IN_W - 30 * MIN), finishedAt: null },
    { name: "UpgradeNodePool", status: null, startedAt: null, finishedAt: null },
  ],
});

const cancelledAck = ackUpgrade({
  phase: "cancelled",
  rawPhase: "canceled",
  createdAt: iso(T0 - 20 * MIN),
  finishedAt: iso(IN_W),
  updatedAt: iso(IN_W),
  message: "task canceled by user",
  steps: [
    {
      name: "PreCheck",
      status: "success",
      startedAt: iso(T0 - 20 * MIN),
      finishedAt: iso(T0 - 18 * MIN),
    },
    {
      name: "UpgradeMaster",
      status: "canceled",
      startedAt: iso(T0 - 18 * MIN),
      finishedAt: iso(IN_W),
    },
  ],
});

const window0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);

const postcheckDue = decided("Postcheck Due", PROD_A, succeededCce);
const cancelDue = decided("Cancel Due", PROD_A, failedCce);
const resumeDue = decided("Resume Due", PROD_A, pausedCce);

/** One event of every notified type, in catalogue order. */
/** A cluster of the issue-19 rollout, for the rollout events. */
const ROLLOUT_CLUSTER: ClusterRef = {
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "c82e6987e2961451182edacd74faf1bd1",
  labels: { env: "prod", ring: "canary" },
};

export const NOTIFIED_EVENTS = {
  "Upgrade Started": decided("Upgrade Started", PROD_A, cceUpgrade(), T0, POLICY, prodAHistory),
  "Upgrade Paused": decided("Upgrade Paused", PROD_A, pausedCce),
  "Upgrade Stalled": decided("Upgrade Stalled", ACK_C, stalledAck, T0, POLICY, edgeCHistory),
  "Upgrade Succeeded": decided("Upgrade Succeeded", PROD_A, succeededCce),
  "Upgrade Failed": decided("Upgrade Failed", PROD_A, failedCce),
  "Upgrade Cancelled": decided("Upgrade Cancelled", ACK_C, cancelledAck),
  "Poll Failed": ShepherdEventSchema.parse(
    pollFailedEvents(
      [
        {
          cluster: AUTOPILOT_B,
          kind: "auth",
          code: "APIG.0301",
          message: "Incorrect IAM authentication information: verify aksk signature fail",
          attempt: 3,
          requestId: "4d8a9c0e2f1b4a6b9c7d5e3f1a2b3c4d",
          credentialSet: "huawei-prod",
        },
        {
          cluster: PROD_A,
          kind: "auth",
          code: "APIG.0301",
          message: "Incorrect IAM authentication information: verify aksk signature fail",
          attempt: 3,
          requestId: "5e9b0d1f3a2c4b7c8d6e4f2a1b3c5d6e",
          credentialSet: "huawei-prod",
        },
      ],
      () => window0,
      () => POLICY,
    )[0],
  ) as EventOf<"Poll Failed">,
  ...DISCOVERY_EVENTS,
  "Postcheck Passed": parsedAs<"Postcheck Passed">(
    postcheckOutcome(answering(postcheckDue, "postcheck"), true, {
      taskId: "pc-3f2e1d",
      phase: "Success",
      message: "all 14 checks passed",
    }),
  ),
  "Postcheck Failed": parsedAs<"Postcheck Failed">(
    postcheckOutcome(answering(postcheckDue, "postcheck"), false, {
      taskId: "pc-3f2e1d",
      phase: "Failed",
      message: "NodeReadiness: 2 of 12 nodes are NotReady (192.168.0.12, 192.168.0.15)",
    }),
  ),
  "Action Succeeded": parsedAs<"Action Succeeded">(
    actionSucceeded(answering(cancelDue, "cancel"), {
      alreadyDone: false,
      requestId: "a1b2c3d4-5e6f-7a8b-9c0d-e1f2a3b4c5d6",
      message: null,
    }),
  ),
  "Action Skipped": parsedAs<"Action Skipped">(
    actionSkipped(
      answering(resumeDue, "resume"),
      "precondition",
      "the upgrade task is no longer paused on the re-read (phase Running)",
    ),
  ),
  "Action Failed": parsedAs<"Action Failed">(
    actionFailed(answering(cancelDue, "cancel"), {
      kind: "client",
      code: "CCE.01400013",
      message: "The workflow cannot be cancelled while a step is running",
      requestId: "b2c3d4e5-6f7a-8b9c-0d1e-f2a3b4c5d6e7",
    }),
  ),
  // Seven clusters due in the run, above a limit of three.
  "Auto Actions Suspended": parsedAs<"Auto Actions Suspended">(
    autoActionsSuspended({ ...cancelDue.detail, clustersDueForCancel: 7 }, 3),
  ),
  "Action Requested": ShepherdEventSchema.parse({
    detailType: "Action Requested",
    time: iso(T0 + 2 * MIN),
    detail: {
      id: "9f1c2b3a4d5e6f708192a3b4c5d6e7f8",
      severity: "info",
      cluster: PROD_A,
      upgrade: null,
      window: { t: iso(T0 + 2 * MIN), start: iso(T0 + 2 * MIN), end: iso(T0 + 2 * MIN) },
      consoleUrl: resumeDue.detail.consoleUrl,
      action: "resume",
      upgradeId: resumeDue.detail.upgrade.id,
      requestedBy: {
        channel: "slack",
        receiver: "ops-slack",
        userId: "U0ALICE001",
        userName: "alice",
      },
      overrideWindow: false,
      expiresAt: iso(T0 + 62 * MIN),
    },
  }) as EventOf<"Action Requested">,
  "Rollout Wave Ready": ShepherdEventSchema.parse({
    detailType: "Rollout Wave Ready",
    time: window0.t,
    detail: {
      id: hashId(["Rollout Wave Ready", "k8s-1.31", "early", "transition", window0.end]),
      severity: "info",
      window: window0,
      rollout: "k8s-1.31",
      wave: "early",
      approval: "chat",
      firstClusters: [ROLLOUT_CLUSTER],
      trigger: { kind: "transition", at: window0.end, from: "soakEnd" },
      repeatMs: 4 * HOUR,
    },
  }) as EventOf<"Rollout Wave Ready">,
  "Rollout Halted": ShepherdEventSchema.parse({
    detailType: "Rollout Halted",
    time: window0.t,
    detail: {
      id: hashId(["Rollout Halted", "k8s-1.31", "transition", window0.end]),
      severity: "critical",
      window: window0,
      rollout: "k8s-1.31",
      failed: [ROLLOUT_CLUSTER],
      stalled: [],
      trigger: { kind: "transition", at: window0.end, from: "finishedAt" },
    },
  }) as EventOf<"Rollout Halted">,
} satisfies Partial<{ [D in CarriedType]: EventOf<D> }>;

export type NotifiedType = keyof typeof NOTIFIED_EVENTS;

export const NOTIFIED: [NotifiedType, ShepherdEvent][] = Object.entries(NOTIFIED_EVENTS) as [
  NotifiedType,
  ShepherdEvent,
][];

/** A reminder: the same stall an hour later, in the first run of the next bucket. */
export const STALL_REMINDER = decided("Upgrade Stalled", ACK_C, stalledAck, T0 + HOUR);

/**
 * A single-cluster Poll Failed from a run that is not the first of its bucket (10:05): every run
 * of a bucket emits it, with one id.
 */
export function pollFailedAt(T: number, cluster: ClusterRef = ACK_C): EventOf<"Poll Failed"> {
  return ShepherdEventSchema.parse(
    pollFailedEvents(
      [
        {
          cluster,
          kind: "server",
          code: "ServiceUnavailable",
          message: "The request has failed due to a temporary failure of the server.",
          attempt: 3,
          requestId: "D5E2F1A0-3B4C-5D6E-7F80-91A2B3C4D5E6",
        },
      ],
      () => windowFor(new Date(T), 5 * MIN, 2 * MIN),
      () => POLICY,
    )[0],
  ) as EventOf<"Poll Failed">;
}

/** A running upgrade on a given cluster, for routing tests. */
export const startedOn = (cluster: ClusterRef): EventOf<"Upgrade Started"> =>
  decided("Upgrade Started", cluster, cluster.provider === "ack" ? ackUpgrade() : cceUpgrade());

/**
 * The worst a renderer meets: a long cluster name, 40 steps, a 6,000-character provider message
 * full of markup, and a shared key's Poll Failed over 300 clusters.
 */
export function extremeEvents(): ShepherdEvent[] {
  const long = `${"<at id=all></at> *bold* _it_ [link](https://evil.example) `code` & ".repeat(90)}end`;
  const cluster: ClusterRef = {
    ...PROD_A,
    name: `payments-ledger-${"x".repeat(180)}`,
    labels: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`label-${i}`, `value-${i}`])),
  };
  const manySteps: Step[] = Array.from({ length: 40 }, (_, i) => ({
    name: `Step-${i}`,
    status: i < 39 ? "Success" : "Failed",
    startedAt: iso(T0 - 50 * MIN + i * 1000),
    finishedAt: iso(i < 39 ? T0 - 50 * MIN + i * 1000 + 500 : IN_W),
  }));
  const failed = decided(
    "Upgrade Failed",
    cluster,
    cceUpgrade({
      phase: "failed",
      rawPhase: "Failed",
      finishedAt: iso(IN_W),
      message: long,
      steps: manySteps,
    }),
  );
  const clusters: ClusterRef[] = Array.from({ length: 300 }, (_, i) => ({
    provider: "cce",
    region: "cn-north-4",
    projectId: "0b1c2d3e4f",
    clusterId: `cluster-${String(i).padStart(4, "0")}`,
    name: `fleet-${i}`,
    labels: {},
  }));
  const poll = ShepherdEventSchema.parse(
    pollFailedEvents(
      clusters.map((c) => ({
        cluster: c,
        kind: "auth" as const,
        code: "APIG.0301",
        message: long,
        attempt: 3,
        credentialSet: "fleet",
      })),
      () => window0,
      () => POLICY,
    )[0],
  );
  return [failed, poll];
}
