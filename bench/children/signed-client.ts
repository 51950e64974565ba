/**
 * The product's own transport alone (`shared/client`: sign, node-fetch keep-alive, parse), making
 * the same single call as each SDK baseline: ACK GetUpgradeStatus or CCE ListUpgradeClusterTasks.
 * It separates the client's cost from the rest of the poll path (config, decide, publish).
 */
import { createSignedClient } from "../../shared/client/index.ts";
import { finish, measureWarm, readJob } from "./harness.ts";

interface Job {
  mode: "cold" | "warm";
  cloud: "alibaba" | "huawei";
  endpoint: string;
  ak: string;
  sk: string;
  clusters: { projectId?: string; clusterId: string }[];
  warmup: number;
  measured: number;
  concurrency: number;
}

const job = readJob<Job>();
const client = createSignedClient();
const credentials = { ak: job.ak, sk: job.sk };
const call = async (i: number) => {
  const target = job.clusters[i % job.clusters.length];
  if (!target) throw new Error("no cluster");
  const res =
    job.cloud === "alibaba"
      ? await client.request({
          cloud: "alibaba",
          operation: "GetUpgradeStatus",
          method: "GET",
          endpoint: job.endpoint,
          path: `/api/v2/clusters/${target.clusterId}/upgrade/status`,
          credentials,
        })
      : await client.request({
          cloud: "huawei",
          operation: "ListUpgradeClusterTasks",
          method: "GET",
          endpoint: job.endpoint,
          path: `/api/v3/projects/${target.projectId}/clusters/${target.clusterId}/operation/upgrade/tasks`,
          credentials,
          projectId: target.projectId,
        });
  if (res.status !== 200) throw new Error(`answered ${res.status}`);
};

if (job.mode === "cold") {
  await call(0);
  await finish({});
}
await finish(await measureWarm(job, call));
