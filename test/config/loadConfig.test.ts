import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { beforeAll, describe, expect, it } from "vitest";
import type { S3Like, SecretsManagerLike, SsmLike } from "../../shared/config/awsClients.ts";
import { configSourceFromEnv } from "../../shared/config/configSource.ts";
import { loadConfig } from "../../shared/config/loadConfig.ts";
import { ConfigError } from "../../shared/errors.ts";
import { FakeS3, FakeSsm } from "./helpers/fakeAws.ts";

const yaml = "clusters:\n  - { provider: ack, region: cn-hangzhou, clusterId: c1 }\n";
const json = JSON.stringify({
  clusters: [{ provider: "ack", region: "cn-hangzhou", clusterId: "c1" }],
});
const badYaml = "clusters:\n  - { provider: ack, region: cn-hangzhou }\n";

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError))
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe("choosing the source", () => {
  it("needs one of the four variables", () => {
    expect(() => configSourceFromEnv({})).toThrow(
      "config: no config source: set one of SHEPHERD_CONFIG_FILE, SHEPHERD_CONFIG_JSON, SHEPHERD_CONFIG_SSM_PARAMETER, SHEPHERD_CONFIG_S3_URI",
    );
  });

  it("refuses two, naming both", () => {
    expect(() =>
      configSourceFromEnv({ SHEPHERD_CONFIG_FILE: "a.yaml", SHEPHERD_CONFIG_S3_URI: "s3://b/k" }),
    ).toThrow("more than one config source is set (SHEPHERD_CONFIG_FILE, SHEPHERD_CONFIG_S3_URI)");
  });

  it("counts an empty variable as unset", () => {
    expect(configSourceFromEnv({ SHEPHERD_CONFIG_FILE: "", SHEPHERD_CONFIG_JSON: json })).toEqual({
      kind: "json",
      text: json,
    });
  });

  it("splits an S3 URI into bucket and key, and refuses anything else", () => {
    expect(
      configSourceFromEnv({ SHEPHERD_CONFIG_S3_URI: "s3://my-bucket/a/b/config.yaml" }),
    ).toEqual({
      kind: "s3",
      bucket: "my-bucket",
      key: "a/b/config.yaml",
    });
    for (const uri of ["https://my-bucket/k", "s3://my-bucket", "s3://my-bucket/"]) {
      expect(() => configSourceFromEnv({ SHEPHERD_CONFIG_S3_URI: uri })).toThrow(
        "config SHEPHERD_CONFIG_S3_URI: must look like s3://bucket/path/to/config.yaml",
      );
    }
  });
});

describe("loadConfig from a file", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "shepherd-config-"));
    await writeFile(join(dir, "config.yaml"), yaml);
    await writeFile(join(dir, "config.json"), json);
    await writeFile(join(dir, "yaml-in.json"), yaml);
    await writeFile(join(dir, "bad.yaml"), badYaml);
  });

  it("reads YAML and JSON by extension", async () => {
    for (const name of ["config.yaml", "config.json"]) {
      const config = await loadConfig({ env: { SHEPHERD_CONFIG_FILE: join(dir, name) } });
      expect(config.clusters[0]?.clusterId).toBe("c1");
    }
  });

  it("reads a .json file as strict JSON", async () => {
    const error = await rejection(
      loadConfig({ env: { SHEPHERD_CONFIG_FILE: join(dir, "yaml-in.json") } }),
    );
    expect(error.message).toContain("is not valid JSON");
  });

  it("names the file in a validation error", async () => {
    const file = join(dir, "bad.yaml");
    const error = await rejection(loadConfig({ env: { SHEPHERD_CONFIG_FILE: file } }));
    expect(error.path).toBe("clusters[0].clusterId");
    expect(error.message).toContain(`(in ${file})`);
  });

  it("says which file it could not read", async () => {
    const file = join(dir, "missing.yaml");
    const error = await rejection(loadConfig({ env: { SHEPHERD_CONFIG_FILE: file } }));
    expect(error.path).toBe("SHEPHERD_CONFIG_FILE");
    expect(error.message).toContain(`cannot read ${file}: ENOENT`);
  });
});

describe("loadConfig from inline JSON", () => {
  it("parses the variable and passes the environment on for the bus name", async () => {
    const config = await loadConfig({
      env: { SHEPHERD_CONFIG_JSON: json, SHEPHERD_BUS_NAME: "upgrade-shepherd-dev" },
    });
    expect(config.clusters).toHaveLength(1);
    expect(config.bus).toBe("upgrade-shepherd-dev");
  });

  it("names the variable, not its content, as the source", async () => {
    const error = await rejection(loadConfig({ env: { SHEPHERD_CONFIG_JSON: "{" } }));
    expect(error.message).toContain("is not valid JSON (in SHEPHERD_CONFIG_JSON)");
  });
});

describe("loadConfig from SSM, through GetParameter", () => {
  // SSM is faked (AWS cannot be reached from a test): FakeSsm answers GetParameterCommand.
  it("reads a YAML parameter with decryption", async () => {
    const ssm = new FakeSsm({ "/shepherd/prod/config": yaml });
    const config = await loadConfig({
      env: { SHEPHERD_CONFIG_SSM_PARAMETER: "/shepherd/prod/config" },
      ssm,
    });
    expect(config.clusters[0]?.clusterId).toBe("c1");
    expect(ssm.inputs).toEqual([{ Name: "/shepherd/prod/config", WithDecryption: true }]);
  });

  it("reads a JSON parameter (YAML reads JSON too)", async () => {
    const ssm = new FakeSsm({ "/shepherd/config": json });
    const config = await loadConfig({
      env: { SHEPHERD_CONFIG_SSM_PARAMETER: "/shepherd/config" },
      ssm,
    });
    expect(config.clusters[0]?.provider).toBe("ack");
  });

  it("reads again on every call (no cache shared between loads)", async () => {
    const ssm = new FakeSsm({ "/shepherd/config": yaml });
    const env = { SHEPHERD_CONFIG_SSM_PARAMETER: "/shepherd/config" };
    await loadConfig({ env, ssm });
    await loadConfig({ env, ssm });
    expect(ssm.inputs).toHaveLength(2);
  });

  it("names a missing parameter", async () => {
    const ssm = new FakeSsm({});
    const error = await rejection(
      loadConfig({ env: { SHEPHERD_CONFIG_SSM_PARAMETER: "/shepherd/none" }, ssm }),
    );
    expect(error.path).toBe("SHEPHERD_CONFIG_SSM_PARAMETER");
    expect(error.message).toContain("cannot read SSM parameter /shepherd/none: ParameterNotFound");
  });

  it("names the parameter in a validation error", async () => {
    const ssm = new FakeSsm({ "/shepherd/config": badYaml });
    const error = await rejection(
      loadConfig({ env: { SHEPHERD_CONFIG_SSM_PARAMETER: "/shepherd/config" }, ssm }),
    );
    expect(error.message).toContain("(in SSM parameter /shepherd/config)");
  });
});

describe("loadConfig from S3", () => {
  it("gets the object named by the URI", async () => {
    const s3 = new FakeS3({ "ops-bucket/shepherd/config.yaml": yaml });
    const config = await loadConfig({
      env: { SHEPHERD_CONFIG_S3_URI: "s3://ops-bucket/shepherd/config.yaml" },
      s3,
    });
    expect(config.clusters[0]?.clusterId).toBe("c1");
    expect(s3.inputs).toEqual([{ Bucket: "ops-bucket", Key: "shepherd/config.yaml" }]);
  });

  it("names the object it could not read, with AWS's error", async () => {
    const error = await rejection(
      loadConfig({
        env: { SHEPHERD_CONFIG_S3_URI: "s3://ops-bucket/missing.json" },
        s3: new FakeS3({}),
      }),
    );
    expect(error.path).toBe("SHEPHERD_CONFIG_S3_URI");
    expect(error.message).toContain(
      "cannot read s3://ops-bucket/missing.json: NoSuchKey: The specified key does not exist.",
    );
  });
});

describe("injected clients", () => {
  it("accept the SDK's own clients (checked by the type checker), so production can pass them too", () => {
    const s3: S3Like = new S3Client({ region: "us-east-1" });
    const ssm: SsmLike = new SSMClient({ region: "us-east-1" });
    const secretsManager: SecretsManagerLike = new SecretsManagerClient({ region: "us-east-1" });
    const clients = [s3, ssm, secretsManager];
    expect(clients.every((client) => typeof client.send === "function")).toBe(true);
  });
});
