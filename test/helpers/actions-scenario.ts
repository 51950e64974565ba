import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import {
  type AckShapes,
  AckShapesSchema,
  type Scenario,
} from "../../infra/local/simulator/scenarioSchema.ts";

/**
 * One cluster per provider and outcome, all on the same clock: each upgrade starts at 1m,
 * prechecks for 1m, upgrades for 4m and then, at 6m, succeeds, fails or pauses. A poll at
 * T = 10m (window (3m, 8m] with the default 5m interval and 2m lag) sees every one of them, so
 * it emits a Postcheck Due, Cancel Due or Resume Due for each. 2025-01-15 is a Wednesday.
 */
export const ACTIONS_START = "2025-01-15T02:00:00Z";

export const HUAWEI = { ak: "ACTHUAWEIAK0000000001", sk: "actions-huawei-secret" };
export const ALIBABA = { ak: "ACTALIBABAAK000000001", sk: "actions-alibaba-secret" };
export const REVOKED = { ak: "ACTREVOKEDAK000000001", sk: "actions-revoked-secret" };

type Outcome = "success" | "failure" | "pause";

const PROJECT = "3d4e5f6a7b8c40718293a4b5c6d7e8f2";

function cluster(
  name: string,
  provider: "cce" | "cce-autopilot" | "ack",
  outcome: Outcome,
  index: number,
  extra: { postcheck?: "Success" | "Failed" | "Error" } = {},
) {
  const ack = provider === "ack";
  const hex = index.toString(16).padStart(2, "0");
  const end =
    outcome === "success"
      ? [{ phase: "success" }]
      : outcome === "failure"
        ? [{ phase: "failure", message: `${name}: upgrade cluster master failed` }]
        : [{ phase: "pause" }, { phase: "upgrade", duration: "5m" }, { phase: "success" }];
  return {
    provider,
    region: ack ? "cn-hangzhou" : "cn-north-4",
    ...(ack ? {} : { projectId: PROJECT }),
    clusterId: ack
      ? `c0ffee00d3b4c5a6978e1d2c3b4a5f6${hex}`
      : `0a0b0c0d-ac71-11ef-9a01-0255ac1000${hex}`,
    name,
    version: ack ? "1.30.1-aliyun.1" : "v1.28.3-r0",
    targetVersion: ack ? "1.31.1-aliyun.1" : "v1.29.1-r0",
    credentials: ack ? ALIBABA.ak : HUAWEI.ak,
    upgrade: {
      startAt: "1m",
      ...(extra.postcheck ? { postcheck: extra.postcheck } : {}),
      timeline: [
        { phase: "precheck", duration: "1m" },
        { phase: "upgrade", duration: "4m", progressTo: outcome === "pause" ? 40 : 100 },
        ...end,
      ],
    },
  };
}

export function actionsScenario(): Scenario {
  return parseScenario({
    name: "actions",
    start: ACTIONS_START,
    seed: 11,
    credentials: [HUAWEI, ALIBABA],
    rejectedCredentials: [REVOKED],
    clusters: [
      cluster("cce-ok", "cce", "success", 1),
      cluster("cce-pcfail", "cce", "success", 2, { postcheck: "Failed" }),
      cluster("ap-ok", "cce-autopilot", "success", 3),
      cluster("ack-ok", "ack", "success", 4),
      cluster("cce-fail", "cce", "failure", 5),
      cluster("ap-fail", "cce-autopilot", "failure", 6),
      cluster("ack-fail", "ack", "failure", 7),
      cluster("cce-pause", "cce", "pause", 8),
      cluster("ap-pause", "cce-autopilot", "pause", 9),
      cluster("ack-pause", "ack", "pause", 10),
    ],
  });
}

/**
 * The scenario with one ACK cluster's answer shapes changed (`AckShapesSchema`): e.g.
 * `legacyOnly`, an upgrade the task API does not show, so only GetUpgradeStatus reads it.
 */
export function withAckShapes(
  scenario: Scenario,
  name: string,
  shapes: Partial<AckShapes>,
): Scenario {
  return {
    ...scenario,
    clusters: scenario.clusters.map((c) =>
      c.name === name
        ? { ...c, ackShapes: AckShapesSchema.parse({ ...c.ackShapes, ...shapes }) }
        : c,
    ),
  };
}
