/**
 * Baseline: a script around the official Huawei SDK core (`@huaweicloud/huaweicloud-sdk-core`),
 * making ListUpgradeClusterTasks against the simulator. The npm CCE SDK has no upgrade
 * operations, so this does what its generated `CceClient` does for every operation: build the
 * request options (ParamCreater), and send them through the core's `HcClient`, which signs with
 * `AKSKSigner` and sends with the core's axios-based `DefaultHttpClient`.
 */
// Deep imports, as the generated service SDKs do: the package's main entry exports only the
// credentials and regions.
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js";
import { ClientBuilder } from "@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js";
import type { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient.js";
import { finish, measureWarm, readJob } from "./harness.ts";

interface Job {
  mode: "cold" | "warm";
  endpoint: string;
  ak: string;
  sk: string;
  clusters: { projectId: string; clusterId: string }[];
  warmup: number;
  measured: number;
  concurrency: number;
}

/** The shape of a generated Huawei SDK client, reduced to the one operation measured. */
class CceClient {
  constructor(private readonly hcClient: HcClient) {}

  listUpgradeClusterTasks(clusterId: string): Promise<{ httpStatusCode?: number }> {
    const options = {
      method: "GET",
      url: "/api/v3/projects/{project_id}/clusters/{cluster_id}/operation/upgrade/tasks",
      contentType: "application/json",
      queryParams: {},
      pathParams: { cluster_id: clusterId },
      headers: {},
      responseHeaders: [""],
    };
    return this.hcClient.sendRequest(options);
  }
}

const job = readJob<Job>();
const clients = new Map<string, CceClient>();
/** One client per project, as the SDK binds the project id to the credentials. */
function clientFor(projectId: string): CceClient {
  let client = clients.get(projectId);
  if (!client) {
    const credentials = new BasicCredentials()
      .withAk(job.ak)
      .withSk(job.sk)
      .withProjectId(projectId);
    client = new ClientBuilder((hc) => new CceClient(hc))
      .withCredential(credentials)
      .withEndpoint(job.endpoint)
      .build();
    clients.set(projectId, client);
  }
  return client;
}
const call = async (i: number) => {
  const target = job.clusters[i % job.clusters.length];
  if (!target) throw new Error("no cluster");
  const res = await clientFor(target.projectId).listUpgradeClusterTasks(target.clusterId);
  if (res.httpStatusCode !== 200) throw new Error(`answered ${res.httpStatusCode}`);
};

if (job.mode === "cold") {
  await call(0);
  await finish({});
}
await finish(await measureWarm(job, call));
