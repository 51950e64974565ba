/**
 * The signed client alone (CCE ListUpgradeClusterTasks, signed, sent, JSON parsed) through one
 * HTTP stack chosen by the job: the product's default or a candidate (transports.ts). The
 * transport section runs one process per stack and repetition.
 */
import { createSignedClient } from "../../shared/client/index.ts";
import { finish, measureWarm, readJob } from "./harness.ts";
import { type TransportName, transportFor } from "./transports.ts";

interface Job {
  transport: TransportName;
  endpoint: string;
  ak: string;
  sk: string;
  clusters: { projectId: string; clusterId: string }[];
  warmup: number;
  measured: number;
  concurrency: number;
}

const job = readJob<Job>();
const client = createSignedClient({ fetch: await transportFor(job.transport) });
const credentials = { ak: job.ak, sk: job.sk };
const call = async (i: number) => {
  const target = job.clusters[i % job.clusters.length];
  if (!target) throw new Error("no cluster");
  const res = await client.request({
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

await finish(await measureWarm(job, call));
