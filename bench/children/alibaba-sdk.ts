/**
 * Baseline: a script around the official Alibaba SDK (`@alicloud/cs20151215`), making
 * GetUpgradeStatus against the simulator. `cold` makes one call and exits; `warm` measures CPU
 * per call in steady state, with as many calls in flight as the poller allows per key.
 */
import Cs from "@alicloud/cs20151215";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { finish, measureWarm, readJob } from "./harness.ts";

interface Job {
  mode: "cold" | "warm";
  endpoint: string;
  ak: string;
  sk: string;
  clusterIds: string[];
  warmup: number;
  measured: number;
  concurrency: number;
}

const job = readJob<Job>();
// The package is CommonJS with `exports.default`; bundled as ESM it may arrive wrapped once more.
const Client = ((Cs as unknown as { default?: typeof Cs }).default ?? Cs) as unknown as new (
  config: $OpenApiUtil.Config,
) => { getUpgradeStatus(id: string): Promise<{ statusCode?: number; body?: unknown }> };
const client = new Client(
  new $OpenApiUtil.Config({
    accessKeyId: job.ak,
    accessKeySecret: job.sk,
    endpoint: new URL(job.endpoint).host,
    protocol: "http",
    regionId: "cn-hangzhou",
  }),
);
const call = async (i: number) => {
  const res = await client.getUpgradeStatus(job.clusterIds[i % job.clusterIds.length] ?? "");
  if (res.statusCode !== 200) throw new Error(`GetUpgradeStatus answered ${res.statusCode}`);
};

if (job.mode === "cold") {
  await call(0);
  await finish({});
}
await finish(await measureWarm(job, call));
