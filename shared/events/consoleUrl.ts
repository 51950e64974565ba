import type { ClusterRef } from "../model/cluster.ts";

/**
 * Origins of the two consoles. Huawei's international site uses another host
 * (`console-intl.huaweicloud.com`), so the origin is a parameter rather than a constant.
 */
export interface ConsoleOrigins {
  huawei: string;
  alibaba: string;
}

export const DEFAULT_CONSOLE_ORIGINS: ConsoleOrigins = {
  huawei: "https://console.huaweicloud.com",
  alibaba: "https://cs.console.aliyun.com",
};

/**
 * A deep link to the cluster's page, so an alert is one click from the console. The shapes are
 * the consoles' single-page-app routes as used in public code (CCE:
 * `cce2.0/?region=..#/app/cluster/detail?id=..`; ACK: `#/k8s/cluster/{id}/v2/info/overview`).
 * Autopilot clusters are listed in the same CCE console, so they share its route.
 */
export function consoleUrl(
  cluster: Pick<ClusterRef, "provider" | "region" | "clusterId">,
  origins: ConsoleOrigins = DEFAULT_CONSOLE_ORIGINS,
): string {
  const region = encodeURIComponent(cluster.region);
  const id = encodeURIComponent(cluster.clusterId);
  if (cluster.provider === "ack") {
    return `${origins.alibaba}/#/k8s/cluster/${id}/v2/info/overview?region=${region}`;
  }
  return `${origins.huawei}/cce2.0/?region=${region}#/app/cluster/detail?id=${id}`;
}
