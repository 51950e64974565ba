import * as z from "zod";
import { versionMatches } from "../../../shared/rollout/clusterStatus.ts";
import {
  cceCancelRefusal,
  cceList,
  renderCceCluster,
  renderCceTask,
  renderCceWorkflow,
} from "./cceRender.ts";
import { stableUuid } from "./ids.ts";
import { finishedPastUpgrades, renderCcePastTask, renderCcePastWorkflow } from "./pastUpgrades.ts";
import { createSimPrecheck, renderCcePrecheck } from "./precheck.ts";
import { apigError, cceError, HUAWEI_MESSAGES, type SimResponse } from "./providerErrors.ts";
import { currentVersion, type SimCluster, upgradeStateOf } from "./simCluster.ts";
import { beginUpgrade, startRefusal } from "./upgradeStart.ts";
import type { UpgradeState } from "./upgradeState.ts";

export interface HandlerInput {
  operation: string;
  cluster: SimCluster;
  params: Record<string, string>;
  body: Buffer;
  query: Record<string, string>;
  now: number;
  /** The gateway's request id, for error bodies that carry it. */
  requestId?: string;
}

export interface HandlerResult {
  response: SimResponse;
  /** Whether the call changed the simulated cloud (for "no cancel reached the cloud" asserts). */
  mutated: boolean;
}

const ok = (body?: unknown): HandlerResult => ({
  response: body === undefined ? { status: 200 } : { status: 200, body },
  mutated: false,
});
const changed = (body?: unknown): HandlerResult => ({ ...ok(body), mutated: true });
const invalid = (detail: string): HandlerResult => ({
  response: cceError(400, "CCE.01400001", `Invalid request. ${detail}`),
  mutated: false,
});
const notFound = (what: string): HandlerResult => ({
  response: cceError(404, "CCE.01404001", `Resource not found. ${what}`),
  mutated: false,
});

const CancelBody = z.object({ status: z.object({ phase: z.literal("Cancel") }).strict() }).strict();
const PostCheckBody = z
  .object({
    kind: z.literal("PostCheckTask"),
    apiVersion: z.literal("v3"),
    spec: z
      .object({
        clusterID: z.string().optional(),
        clusterVersion: z.string().optional(),
        targetVersion: z.string().optional(),
      })
      .strict(),
  })
  .strict();

/**
 * UpgradeCluster's body (go-sdk `model_upgrade_cluster_request_body.go` and the models it names):
 * `metadata` and `spec` are required, as are `clusterUpgradeAction.targetVersion` and `strategy`
 * (`type`: only inPlaceRollingUpdate). The optional fields are accepted as sent.
 */
const UpgradeBody = z.object({
  metadata: z.looseObject({ apiVersion: z.string(), kind: z.string() }),
  spec: z.object({
    clusterUpgradeAction: z.looseObject({
      targetVersion: z.string().min(1),
      strategy: z.looseObject({ type: z.literal("inPlaceRollingUpdate") }),
    }),
  }),
});

/**
 * CreatePreCheck's body (go-sdk `model_precheck_cluster_request_body.go`, `model_precheck_spec.go`;
 * the API page marks `clusterID`, `clusterVersion` and `targetVersion` mandatory, the SDK optional):
 * `targetVersion` is required here, and the other two, when sent, must name this cluster and its
 * current version (ASSUMPTION: no page shows CCE's answer to a wrong one).
 */
const PreCheckBody = z.object({
  kind: z.literal("PreCheckTask"),
  apiVersion: z.literal("v3"),
  spec: z.looseObject({
    clusterID: z.string().optional(),
    clusterVersion: z.string().optional(),
    targetVersion: z.string().min(1),
    skippedCheckItemList: z.array(z.looseObject({ name: z.string().optional() })).optional(),
  }),
});

function createPrecheck(input: HandlerInput, state: UpgradeState | null): HandlerResult {
  const { cluster, now } = input;
  const parsed = PreCheckBody.safeParse(parseJson(input.body));
  if (!parsed.success) {
    return invalid("body must be a PreCheckTask (kind, apiVersion v3, spec.targetVersion)");
  }
  const spec = parsed.data.spec;
  const current = currentVersion(cluster, state);
  if (spec.clusterID !== undefined && spec.clusterID !== cluster.config.clusterId) {
    return invalid("spec.clusterID does not match the cluster in the path");
  }
  if (spec.clusterVersion !== undefined && spec.clusterVersion !== current) {
    return invalid(
      `spec.clusterVersion ${spec.clusterVersion} is not the cluster's version ${current}`,
    );
  }
  if (versionMatches(spec.targetVersion, current)) {
    return invalid(`the target version ${spec.targetVersion} must be higher than ${current}`);
  }
  const p = createSimPrecheck(cluster, now, {
    targetVersion: spec.targetVersion,
    clusterVersion: current,
    type: "PreCheckTask",
  });
  const task = renderCcePrecheck(cluster, p, now);
  return changed({
    kind: task.kind,
    apiVersion: task.apiVersion,
    metadata: { uid: p.id },
    spec: task.spec,
    status: task.status,
  });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return Symbol.for("invalid-json");
  }
}

const isRunning = (s: UpgradeState | null): s is UpgradeState =>
  s !== null && (s.status === "running" || s.status === "stalled");

const WORKFLOW_OPERATIONS = [
  "ListUpgradeWorkFlows",
  "ShowUpgradeWorkFlow",
  "UpgradeWorkFlowUpdate",
];

/**
 * The scenario's account without the upgrade APIs (`cce.upgradeApis`): every operation but
 * ShowCluster is refused (`notFound`: the gateway's 404 "API does not exist"; `forbidden`: a 403
 * from CCE), or only the workflow operations (`noWorkflows`, 404). The bodies are ASSUMPTIONS: no
 * page shows what an account that was never opened the APIs gets.
 */
function upgradeApiRefusal(input: HandlerInput): HandlerResult | null {
  const mode = input.cluster.config.cce?.upgradeApis ?? "open";
  if (mode === "open" || input.operation === "ShowCluster") return null;
  if (mode === "noWorkflows" && !WORKFLOW_OPERATIONS.includes(input.operation)) return null;
  const response =
    mode === "forbidden"
      ? cceError(
          403,
          "CCE.01403001",
          "Forbidden. The cluster upgrade APIs are not available to this account.",
        )
      : apigError(404, "APIG.0101", HUAWEI_MESSAGES.noApi, input.requestId ?? "");
  return { response, mutated: false };
}

/** CCE and CCE Autopilot: one handler set, as the two differ only by path prefix. */
export function handleCce(input: HandlerInput): HandlerResult {
  const refused = upgradeApiRefusal(input);
  if (refused) return refused;
  const { cluster, now, params } = input;
  const state = upgradeStateOf(cluster, now);
  switch (input.operation) {
    case "ShowCluster":
      return ok(renderCceCluster(cluster, state));
    case "ListUpgradeClusterTasks":
      return ok({
        kind: "List",
        apiVersion: "v3",
        metadata: {},
        items: cceList(cluster, [
          ...(state && state.taskCreatedAt !== null ? [renderCceTask(cluster, state)] : []),
          ...finishedPastUpgrades(cluster, now).map(renderCcePastTask),
        ]),
      });
    case "ShowUpgradeClusterTask":
      if (!state || state.taskCreatedAt === null || params.id !== cluster.ids.task) {
        return notFound(`upgrade task ${params.id} not found`);
      }
      return ok(renderCceTask(cluster, state));
    case "ListUpgradeWorkFlows":
      return ok({
        kind: "List",
        apiVersion: "v3",
        items: cceList(cluster, [
          ...(state ? [renderCceWorkflow(cluster, state)] : []),
          ...finishedPastUpgrades(cluster, now).map((p) => renderCcePastWorkflow(cluster, p)),
        ]),
      });
    case "ShowUpgradeWorkFlow":
      if (!state || params.id !== cluster.ids.workflow) {
        return notFound(`upgrade workflow ${params.id} not found`);
      }
      return ok(renderCceWorkflow(cluster, state));
    case "UpgradeWorkFlowUpdate": {
      if (!state || params.id !== cluster.ids.workflow) {
        return notFound(`upgrade workflow ${params.id} not found`);
      }
      if (!CancelBody.safeParse(parseJson(input.body)).success) {
        return invalid('only {"status":{"phase":"Cancel"}} is supported');
      }
      const refusal = cceCancelRefusal(renderCceWorkflow(cluster, state));
      if (refusal) return invalid(refusal);
      cluster.actions.push({ kind: "cancelWorkflow", at: now });
      const after = upgradeStateOf(cluster, now) as UpgradeState;
      return changed(renderCceWorkflow(cluster, after));
    }
    case "CreatePostCheck": {
      const parsed = PostCheckBody.safeParse(parseJson(input.body));
      if (!parsed.success)
        return invalid("body must be a PostCheckTask (kind, apiVersion v3, spec)");
      if (
        parsed.data.spec.clusterID !== undefined &&
        parsed.data.spec.clusterID !== cluster.config.clusterId
      ) {
        return invalid("spec.clusterID does not match the cluster in the path");
      }
      if (state?.status !== "succeeded") {
        return invalid("the cluster has no successful upgrade to check");
      }
      const script = cluster.config.upgrade;
      const result = script?.postcheck ?? "Success";
      cluster.postcheckCount++;
      const uid = stableUuid(`${cluster.config.clusterId}/postcheck/${cluster.postcheckCount}`);
      cluster.actions.push({ kind: "postcheck", at: now, uid, result });
      return changed({
        kind: "PostCheckTask",
        apiVersion: "v3",
        metadata: { uid },
        spec: {
          clusterID: cluster.config.clusterId,
          clusterVersion: parsed.data.spec.clusterVersion ?? cluster.config.version,
          targetVersion: parsed.data.spec.targetVersion ?? cluster.config.targetVersion,
        },
        status: { phase: result },
      });
    }
    case "UpgradeCluster": {
      const parsed = UpgradeBody.safeParse(parseJson(input.body));
      if (!parsed.success) {
        return invalid(
          "body must be an UpgradeTask (metadata, spec.clusterUpgradeAction.targetVersion, strategy.type inPlaceRollingUpdate)",
        );
      }
      const action = parsed.data.spec.clusterUpgradeAction;
      const refusal = startRefusal(cluster, state, action.targetVersion);
      // ASSUMPTION: an upgrade under way is a state refusal (403, CCE.01403003, "the status of
      // the cluster does not allow the operation"); a version the cluster cannot go to is an
      // invalid request (400, CCE.01400001). No page shows either answer.
      if (refusal?.kind === "running") {
        return {
          response: cceError(
            403,
            "CCE.01403003",
            `${HUAWEI_MESSAGES.stateRefused} ${refusal.message}`,
          ),
          mutated: false,
        };
      }
      if (refusal) return invalid(refusal.message);
      const version = currentVersion(cluster, state);
      beginUpgrade(cluster, now);
      return changed({
        metadata: { uid: cluster.ids.task },
        spec: {
          clusterUpgradeAction: {
            version,
            targetVersion: cluster.config.targetVersion,
            strategy: action.strategy,
          },
        },
      });
    }
    case "CreatePreCheck":
      return createPrecheck(input, state);
    case "ListPreCheckTasks":
      return ok({
        kind: "List",
        apiVersion: "v3",
        metadata: {},
        items: cceList(
          cluster,
          [...cluster.prechecks].reverse().map((p) => renderCcePrecheck(cluster, p, now)),
        ),
      });
    case "ShowPreCheck": {
      const found = cluster.prechecks.find((p) => p.id === params.id);
      if (!found) return notFound(`precheck task ${params.id} not found`);
      return ok(renderCcePrecheck(cluster, found, now));
    }
    case "ContinueUpgradeClusterTask":
      if (state?.status !== "paused") return invalid("the upgrade task is not paused");
      cluster.actions.push({ kind: "resume", at: now });
      return changed();
    case "PauseUpgradeClusterTask":
      if (!isRunning(state)) return invalid("the upgrade task is not running");
      cluster.actions.push({ kind: "pause", at: now });
      return changed();
    case "RetryUpgradeClusterTask":
      if (state?.status !== "failed" || state.workflowCancelledAt !== null) {
        return invalid("only a failed upgrade task can be retried");
      }
      cluster.actions.push({ kind: "retry", at: now });
      return changed();
    default:
      return notFound(input.operation);
  }
}
