import type { Cloud } from "../../../shared/model/cluster.ts";

/** A matched API: which gateway answers it, the operation name, and the path's ids. */
export interface Route {
  cloud: Cloud;
  operation: string;
  /** `api` (CCE) or `autopilot` (CCE Autopilot), for Huawei routes. */
  family?: "api" | "autopilot";
  params: Record<string, string>;
  /** A list operation (no cluster in the path): ListClusters, DescribeClustersV1. */
  list?: boolean;
}

interface RouteDef {
  method: string;
  re: RegExp;
  operation: string;
  cloud: Cloud;
  /** Served under /api/v3 only (CCE), not /autopilot/v3. */
  cceOnly?: boolean;
  list?: boolean;
}

const SEG = "([^/]+)";
const P = `^/(api|autopilot)/v3/projects/${SEG}/clusters/${SEG}`;

/**
 * Operation names are CCE's (ListUpgradeClusterTasks, not ListAutopilotUpgradeClusterTasks) for
 * both families: the path prefix and the log's `provider` tell them apart.
 */
const DEFS: RouteDef[] = [
  {
    method: "GET",
    re: new RegExp(`^/(api|autopilot)/v3/projects/${SEG}/clusters$`),
    operation: "ListClusters",
    cloud: "huawei",
    list: true,
  },
  {
    method: "GET",
    re: /^\/api\/v1\/clusters$/,
    operation: "DescribeClustersV1",
    cloud: "alibaba",
    list: true,
  },
  { method: "GET", re: new RegExp(`${P}$`), operation: "ShowCluster", cloud: "huawei" },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/upgrade/tasks$`),
    operation: "ListUpgradeClusterTasks",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/upgrade/tasks/${SEG}$`),
    operation: "ShowUpgradeClusterTask",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/upgradeworkflows$`),
    operation: "ListUpgradeWorkFlows",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/upgradeworkflows/${SEG}$`),
    operation: "ShowUpgradeWorkFlow",
    cloud: "huawei",
  },
  {
    method: "PATCH",
    re: new RegExp(`${P}/operation/upgradeworkflows/${SEG}$`),
    operation: "UpgradeWorkFlowUpdate",
    cloud: "huawei",
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/postcheck$`),
    operation: "CreatePostCheck",
    cloud: "huawei",
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/precheck$`),
    operation: "CreatePreCheck",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/precheck/tasks$`),
    operation: "ListPreCheckTasks",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: new RegExp(`${P}/operation/precheck/tasks/${SEG}$`),
    operation: "ShowPreCheck",
    cloud: "huawei",
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/upgrade$`),
    operation: "UpgradeCluster",
    cloud: "huawei",
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/upgrade/continue$`),
    operation: "ContinueUpgradeClusterTask",
    cloud: "huawei",
    cceOnly: true,
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/upgrade/pause$`),
    operation: "PauseUpgradeClusterTask",
    cloud: "huawei",
    cceOnly: true,
  },
  {
    method: "POST",
    re: new RegExp(`${P}/operation/upgrade/retry$`),
    operation: "RetryUpgradeClusterTask",
    cloud: "huawei",
  },
  {
    method: "GET",
    re: /^\/api\/v2\/clusters\/([^/]+)\/upgrade\/status$/,
    operation: "GetUpgradeStatus",
    cloud: "alibaba",
  },
  {
    method: "POST",
    re: /^\/api\/v2\/clusters\/([^/]+)\/upgrade$/,
    operation: "UpgradeCluster",
    cloud: "alibaba",
  },
  {
    method: "POST",
    re: /^\/api\/v2\/clusters\/([^/]+)\/upgrade\/cancel$/,
    operation: "CancelClusterUpgrade",
    cloud: "alibaba",
  },
  {
    method: "POST",
    re: /^\/api\/v2\/clusters\/([^/]+)\/upgrade\/pause$/,
    operation: "PauseClusterUpgrade",
    cloud: "alibaba",
  },
  {
    method: "POST",
    re: /^\/api\/v2\/clusters\/([^/]+)\/upgrade\/resume$/,
    operation: "ResumeUpgradeCluster",
    cloud: "alibaba",
  },
  {
    method: "GET",
    re: /^\/clusters\/([^/]+)\/tasks$/,
    operation: "DescribeClusterTasks",
    cloud: "alibaba",
  },
  {
    method: "GET",
    re: /^\/clusters\/([^/]+)$/,
    operation: "DescribeClusterDetail",
    cloud: "alibaba",
  },
  {
    method: "POST",
    re: /^\/clusters\/([^/]+)\/checks$/,
    operation: "RunClusterCheck",
    cloud: "alibaba",
  },
  {
    method: "GET",
    re: /^\/clusters\/([^/]+)\/checks$/,
    operation: "ListClusterChecks",
    cloud: "alibaba",
  },
  {
    method: "GET",
    re: /^\/clusters\/([^/]+)\/checks\/([^/]+)$/,
    operation: "GetClusterCheck",
    cloud: "alibaba",
  },
  { method: "GET", re: /^\/tasks\/([^/]+)$/, operation: "DescribeTaskInfo", cloud: "alibaba" },
  { method: "POST", re: /^\/tasks\/([^/]+)\/cancel$/, operation: "CancelTask", cloud: "alibaba" },
  { method: "POST", re: /^\/tasks\/([^/]+)\/pause$/, operation: "PauseTask", cloud: "alibaba" },
  { method: "POST", re: /^\/tasks\/([^/]+)\/resume$/, operation: "ResumeTask", cloud: "alibaba" },
];

/** Which gateway a path belongs to even when no API matches it, for the right 404 body. */
export const cloudOfPath = (path: string): Cloud =>
  /^\/(api|autopilot)\/v3\//.test(path) ? "huawei" : "alibaba";

export function matchRoute(method: string, rawPath: string): Route | null {
  for (const def of DEFS) {
    if (def.method !== method) continue;
    const m = def.re.exec(rawPath);
    if (!m) continue;
    let groups: string[];
    try {
      groups = m.slice(1).map((g) => decodeURIComponent(g));
    } catch {
      return null;
    }
    if (def.list) {
      const [family, projectId] = groups as [string?, string?];
      return def.cloud === "huawei"
        ? {
            cloud: "huawei",
            operation: def.operation,
            family: family as "api" | "autopilot",
            params: { projectId: projectId ?? "" },
            list: true,
          }
        : { cloud: "alibaba", operation: def.operation, params: {}, list: true };
    }
    if (def.cloud === "huawei") {
      const [family, projectId, clusterId, id] = groups as [string, string, string, string?];
      if (def.cceOnly && family !== "api") return null;
      const params: Record<string, string> = { projectId, clusterId };
      if (id !== undefined) params.id = id;
      return {
        cloud: "huawei",
        operation: def.operation,
        family: family as "api" | "autopilot",
        params,
      };
    }
    const [id, sub] = groups as [string, string?];
    const key = def.re.source.startsWith("^\\/tasks") ? "taskId" : "clusterId";
    // A second id under the cluster (GetClusterCheck's check id) is `id`, as on Huawei routes.
    const params: Record<string, string> = { [key]: id };
    if (sub !== undefined) params.id = sub;
    return { cloud: "alibaba", operation: def.operation, params };
  }
  return null;
}
