import middy from "@middy/core";
import { describe, expect, it } from "vitest";
import { loadShepherdConfig } from "../../shared/config/loadShepherdConfig.ts";
import {
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../../shared/config/shepherdConfigMiddleware.ts";
import { ConfigError } from "../../shared/errors.ts";
import { FakeSecretsManager, FakeSsm } from "./helpers/fakeAws.ts";

const PARAMETER = "/upgrade-shepherd/test/config";
const PREFIX = "upgrade-shepherd/test/credentials/";

const configWith = (clusterIds: string[]) =>
  JSON.stringify({
    clusters: clusterIds.map((clusterId) => ({
      provider: "ack",
      region: "cn-hangzhou",
      clusterId,
      credentials: "alibaba-prod",
    })),
  });

function cloud(clusterIds: string[]) {
  return {
    env: { SHEPHERD_CONFIG_SSM_PARAMETER: PARAMETER, SHEPHERD_CREDENTIALS_SECRET_PREFIX: PREFIX },
    ssm: new FakeSsm({ [PARAMETER]: configWith(clusterIds) }),
    secretsManager: new FakeSecretsManager({
      [`${PREFIX}alibaba-prod`]: JSON.stringify({ ak: "ak-1", sk: "sk-1" }),
    }),
  };
}

/** A handler that reports what the middleware put on its context. */
function handlerWith(middleware: ReturnType<typeof shepherdConfigMiddleware>) {
  return middy(async (_event: unknown, context: ShepherdContext) => ({
    clusters: context.shepherd.clusters.map((c) => c.key),
    ak: context.shepherd.credentials.get("alibaba-prod").ak,
  })).use(middleware);
}

describe("loadShepherdConfig", () => {
  it("loads config, resolves the clusters, and loads only the credential sets they use", async () => {
    const aws = cloud(["c1", "c2"]);
    const loaded = await loadShepherdConfig(aws);
    expect(loaded.clusters.map((c) => c.key)).toEqual([
      "ack/cn-hangzhou/-/c1",
      "ack/cn-hangzhou/-/c2",
    ]);
    expect(loaded.credentials.names).toEqual(["alibaba-prod"]);
    expect(aws.secretsManager.inputs).toEqual([{ SecretId: `${PREFIX}alibaba-prod` }]);
  });
});

describe("shepherdConfigMiddleware", () => {
  it("starts loading when created (cold start) and hands the result to the handler", async () => {
    const aws = cloud(["c1"]);
    const middleware = shepherdConfigMiddleware({ ...aws, now: () => 0 });
    await aws.ssm.firstCall;
    const result = await handlerWith(middleware)({}, {} as never);
    expect(result).toEqual({ clusters: ["ack/cn-hangzhou/-/c1"], ak: "ak-1" });
    expect(aws.ssm.inputs).toHaveLength(1);
  });

  it("reuses the load while it is younger than SHEPHERD_CONFIG_MAX_AGE, then reloads", async () => {
    const aws = cloud(["c1"]);
    let now = 0;
    const handler = handlerWith(
      shepherdConfigMiddleware({
        ...aws,
        env: { ...aws.env, SHEPHERD_CONFIG_MAX_AGE: "10m" },
        now: () => now,
      }),
    );
    await handler({}, {} as never);
    now = 10 * 60_000;
    await handler({}, {} as never);
    expect(aws.ssm.inputs).toHaveLength(1);

    aws.ssm.set(PARAMETER, configWith(["c1", "c9"]));
    aws.secretsManager.set(
      `${PREFIX}alibaba-prod`,
      JSON.stringify({ ak: "ak-rotated", sk: "sk-2" }),
    );
    now = 10 * 60_000 + 1;
    const result = await handler({}, {} as never);
    expect(result).toEqual({
      clusters: ["ack/cn-hangzhou/-/c1", "ack/cn-hangzhou/-/c9"],
      ak: "ak-rotated",
    });
    expect(aws.ssm.inputs).toHaveLength(2);
    expect(aws.secretsManager.inputs).toHaveLength(2);
  });

  it("fails the invocation on a bad config, and tries again on the next one", async () => {
    const secretsManager = new FakeSecretsManager({
      [`${PREFIX}alibaba-prod`]: JSON.stringify({ ak: "a", sk: "s" }),
    });
    const ssm = new FakeSsm({ [PARAMETER]: "clusters: [{ provider: ack }]" });
    const handler = handlerWith(
      shepherdConfigMiddleware({ env: cloud([]).env, ssm, secretsManager, now: () => 0 }),
    );
    await expect(handler({}, {} as never)).rejects.toThrow(ConfigError);
    await expect(handler({}, {} as never)).rejects.toThrow(/clusters\[0\]\.region: is required/);
    ssm.set(PARAMETER, configWith(["c1"]));
    await expect(handler({}, {} as never)).resolves.toMatchObject({
      clusters: ["ack/cn-hangzhou/-/c1"],
    });
    expect(ssm.inputs).toHaveLength(3);
  });

  it("refuses a bad SHEPHERD_CONFIG_MAX_AGE when created", () => {
    expect(() =>
      shepherdConfigMiddleware({ env: { ...cloud([]).env, SHEPHERD_CONFIG_MAX_AGE: "soon" } }),
    ).toThrow(
      'config SHEPHERD_CONFIG_MAX_AGE: must be a duration like "5m" or a number of seconds; got "soon"',
    );
  });
});
