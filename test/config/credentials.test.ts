import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CredentialSets } from "../../shared/config/credentialSets.ts";
import {
  credentialNames,
  credentialsVariable,
  loadCredentials,
  loadCredentialsFromEnv,
} from "../../shared/config/loadCredentials.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { ConfigError } from "../../shared/errors.ts";
import { REDACTED, redacted } from "../../shared/redacted.ts";
import { FakeSecretsManager } from "./helpers/fakeAws.ts";

const AK = "AKIDEXAMPLE0123456789";
const SK = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
const TOKEN = "FQoGZXIvYXdzEXAMPLETOKEN";

/** Every way a value usually gets printed or shipped. */
function renderings(value: unknown): string[] {
  return [
    JSON.stringify(value),
    JSON.stringify({ nested: { value } }),
    inspect(value, { depth: 10, showHidden: true }),
    inspect({ nested: value }, { depth: 10 }),
    String(value),
    `${value}`,
    JSON.stringify({ ...(value as object) }),
    inspect(structuredClone(value)),
  ];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) {
    for (const secret of [AK, SK, TOKEN]) expect(text).not.toContain(secret);
  }
}

/** Everything an error exposes to a logger: message, JSON, inspect (which includes the cause). */
function errorRenderings(error: unknown): string[] {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 10 })];
}

describe("redacted, the wrapper every loaded secret gets", () => {
  const credentials = redacted({ ak: AK, sk: SK, token: TOKEN });

  it("still hands the keys to the signer", () => {
    expect(credentials.ak).toBe(AK);
    expect(credentials.sk).toBe(SK);
    expect(credentials.token).toBe(TOKEN);
  });

  it("shows [redacted] in JSON, util.inspect and string conversion", () => {
    expect(JSON.stringify(credentials)).toBe(`"${REDACTED}"`);
    expect(inspect(credentials)).toBe(REDACTED);
    expect(String(credentials)).toBe(REDACTED);
    expect(`${credentials}`).toBe(REDACTED);
  });

  it("leaks through no other rendering, spreading or cloning", () => {
    expectNoSecret(renderings(credentials));
    expect(Object.keys(credentials)).toEqual([]);
  });

  it("cannot be changed after loading", () => {
    expect(() => {
      (credentials as { ak: string }).ak = "other";
    }).toThrow(TypeError);
  });
});

describe("credentialNames", () => {
  it("lists each set the inventory uses once, `default` for clusters that name none", () => {
    const config = parseConfig(
      {
        clusters: [
          { provider: "ack", region: "cn-hangzhou", clusterId: "a", credentials: "alibaba-prod" },
          { provider: "ack", region: "cn-hangzhou", clusterId: "b", credentials: "alibaba-prod" },
          { provider: "ack", region: "cn-hangzhou", clusterId: "c" },
        ],
      },
      { env: {} },
    );
    expect(credentialNames(resolveClusters(config))).toEqual(["alibaba-prod", "default"]);
  });
});

describe("credentials from environment variables (local)", () => {
  it("maps a set name onto a variable name", () => {
    expect(credentialsVariable("prod-huawei")).toBe("SHEPHERD_CREDENTIALS_PROD_HUAWEI");
  });

  it("reads a JSON variable or per-field variables", () => {
    const sets = loadCredentialsFromEnv(["default", "prod-huawei"], {
      SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: AK, sk: SK, token: TOKEN }),
      SHEPHERD_CREDENTIALS_PROD_HUAWEI_AK: "ak2",
      SHEPHERD_CREDENTIALS_PROD_HUAWEI_SK: "sk2",
    });
    expect(sets.names).toEqual(["default", "prod-huawei"]);
    expect(pick(sets.get("default"))).toEqual({ ak: AK, sk: SK, token: TOKEN });
    expect(pick(sets.get("prod-huawei"))).toEqual({ ak: "ak2", sk: "sk2", token: undefined });
    expect(sets.errors).toEqual([]);
  });

  it("keeps loaded sets redacted", () => {
    const sets = loadCredentialsFromEnv(["default"], {
      SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: AK, sk: SK }),
    });
    expectNoSecret(renderings(sets.get("default")));
    expectNoSecret(renderings(sets));
    expect(JSON.parse(JSON.stringify(sets))).toEqual({ names: ["default"], failed: [] });
  });

  it.each([
    [
      {},
      "SHEPHERD_CREDENTIALS_DEFAULT",
      'credential set "default" is not set: set SHEPHERD_CREDENTIALS_DEFAULT to',
    ],
    [
      { SHEPHERD_CREDENTIALS_DEFAULT: `{"ak":"${AK}","sk":` },
      "SHEPHERD_CREDENTIALS_DEFAULT",
      "must be a JSON object",
    ],
    [
      { SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: AK }) },
      "SHEPHERD_CREDENTIALS_DEFAULT",
      "wrong: sk (missing, empty or not a string)",
    ],
    [
      { SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: AK, sk: SK, [TOKEN]: SK }) },
      "SHEPHERD_CREDENTIALS_DEFAULT",
      "wrong: keys other than ak, sk, token",
    ],
    [
      { SHEPHERD_CREDENTIALS_DEFAULT_AK: AK, SHEPHERD_CREDENTIALS_DEFAULT_TOKEN: TOKEN },
      "SHEPHERD_CREDENTIALS_DEFAULT_SK",
      "wrong: sk (missing, empty or not a string)",
    ],
    [
      {
        SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: AK, sk: SK }),
        SHEPHERD_CREDENTIALS_DEFAULT_SK: SK,
      },
      "SHEPHERD_CREDENTIALS_DEFAULT",
      "is given twice",
    ],
  ])("reports %j at %s without the secret", (env, path, problem) => {
    const sets = loadCredentialsFromEnv(["default"], env);
    let thrown: unknown;
    try {
      sets.get("default");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).path).toBe(path);
    expect((thrown as ConfigError).message).toContain(problem);
    expectNoSecret(errorRenderings(thrown));
    expect(sets.errors).toEqual([thrown]);
  });

  it("fails only the set that is broken", () => {
    const sets = loadCredentialsFromEnv(["good", "bad"], {
      SHEPHERD_CREDENTIALS_GOOD: JSON.stringify({ ak: "a", sk: "s" }),
    });
    expect(sets.get("good").ak).toBe("a");
    expect(() => sets.get("bad")).toThrow(ConfigError);
    expect(JSON.parse(JSON.stringify(sets))).toEqual({ names: ["good", "bad"], failed: ["bad"] });
  });

  it("refuses a set that was never asked for", () => {
    expect(() => loadCredentialsFromEnv([], {}).get("default")).toThrow(
      'credential set "default" was not loaded',
    );
  });
});

describe("credentials from Secrets Manager, through GetSecretValue (cloud)", () => {
  // Secrets Manager is faked (AWS cannot be reached from a test): FakeSecretsManager answers
  // GetSecretValueCommand as the API does and counts the calls.
  const env = { SHEPHERD_CREDENTIALS_SECRET_PREFIX: "upgrade-shepherd/prod/credentials/" };

  it("reads one secret per set asked for, under the prefix, and no other", async () => {
    const secretsManager = new FakeSecretsManager({
      "upgrade-shepherd/prod/credentials/default": JSON.stringify({ ak: "a1", sk: "s1" }),
      "upgrade-shepherd/prod/credentials/prod-huawei": JSON.stringify({ ak: "a2", sk: "s2" }),
      "upgrade-shepherd/prod/credentials/unused": JSON.stringify({ ak: "a3", sk: "s3" }),
    });
    const sets = await loadCredentials(["default", "prod-huawei"], { env, secretsManager });
    expect(secretsManager.inputs.map((i) => i.SecretId).sort()).toEqual([
      "upgrade-shepherd/prod/credentials/default",
      "upgrade-shepherd/prod/credentials/prod-huawei",
    ]);
    expect(sets.get("prod-huawei").ak).toBe("a2");
  });

  it("is chosen by the prefix variable, and ignores keys in the environment then", async () => {
    const secretsManager = new FakeSecretsManager({
      "upgrade-shepherd/prod/credentials/default": JSON.stringify({ ak: AK, sk: SK, token: TOKEN }),
    });
    const sets = await loadCredentials(["default"], {
      env: { ...env, SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: "local", sk: "local" }) },
      secretsManager,
    });
    expect(pick(sets.get("default"))).toEqual({ ak: AK, sk: SK, token: TOKEN });
    expect(secretsManager.inputs).toEqual([
      { SecretId: "upgrade-shepherd/prod/credentials/default" },
    ]);
    expectNoSecret(renderings(sets.get("default")));
  });

  it("uses the environment when no prefix is set", async () => {
    const secretsManager = new FakeSecretsManager({});
    const sets = await loadCredentials(["default"], {
      env: { SHEPHERD_CREDENTIALS_DEFAULT: JSON.stringify({ ak: "local", sk: "local" }) },
      secretsManager,
    });
    expect(sets.get("default").ak).toBe("local");
    expect(secretsManager.inputs).toEqual([]);
  });

  it("fails a missing or malformed secret on its own, naming the secret but not its value", async () => {
    const secretsManager = new FakeSecretsManager({
      "upgrade-shepherd/prod/credentials/good": JSON.stringify({ ak: "a", sk: "s" }),
      "upgrade-shepherd/prod/credentials/plain": `${AK}:${SK}`,
      "upgrade-shepherd/prod/credentials/short": JSON.stringify({ ak: AK, secret: SK }),
    });
    const sets = await loadCredentials(["good", "missing", "plain", "short"], {
      env,
      secretsManager,
    });
    expect(sets.get("good").sk).toBe("s");
    const messages = sets.errors.map((e) => `${e.path} | ${e.message}`);
    expect(messages).toEqual([
      'upgrade-shepherd/prod/credentials/missing | config upgrade-shepherd/prod/credentials/missing: credential set "missing" could not be read from Secrets Manager: ResourceNotFoundException: Secrets Manager can\'t find the specified secret.',
      expect.stringContaining(
        'credential set "plain" must be a JSON object {"ak": "...", "sk": "...", "token"?: "..."}',
      ),
      expect.stringContaining(
        "wrong: sk (missing, empty or not a string), keys other than ak, sk, token",
      ),
    ]);
    for (const error of sets.errors) expectNoSecret(errorRenderings(error));
  });

  it("refuses a binary secret, which has no SecretString", async () => {
    const secretsManager = {
      send: async () => ({ SecretString: undefined, SecretBinary: new Uint8Array([1, 2, 3]) }),
    };
    const sets = await loadCredentials(["default"], { env, secretsManager });
    expect(sets.errors.map((e) => e.message)).toEqual([
      'config upgrade-shepherd/prod/credentials/default: credential set "default" has no SecretString in Secrets Manager (a binary secret is not read)',
    ]);
  });
});

function pick(credentials: { ak: string; sk: string; token?: string | undefined }) {
  return { ak: credentials.ak, sk: credentials.sk, token: credentials.token };
}

describe("CredentialSets", () => {
  it("throws the stored error for a set that failed", () => {
    const error = new ConfigError("X", "broken");
    const sets = new CredentialSets([["x", error]]);
    expect(() => sets.get("x")).toThrow(error);
  });
});
