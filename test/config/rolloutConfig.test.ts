import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { readYaml } from "../../shared/config/readYaml.ts";
import { ConfigError } from "../../shared/errors.ts";

/** The config from issue 19, verbatim. */
const ISSUE_YAML = `
rollouts:
  - name: k8s-1.31
    target: { cce: v1.31, cce-autopilot: v1.31, ack: 1.31.1-aliyun.1 }
    clusters: { labels: { env: prod } }        # which clusters this rollout covers
    waves:
      - { name: canary, clusters: { labels: { ring: canary } }, soak: 24h }
      - { name: early, percent: 20, maxConcurrent: 2, soak: 12h, approval: chat }
      - { name: rest, maxConcurrent: 5, approval: chat }
    haltOn: { failures: 1, stalls: 1 }
`;

const cce = { provider: "cce", region: "cn-north-4", projectId: "p1", clusterId: "c1" };
const env = {};

function withRollouts(rollouts: unknown) {
  return { clusters: [cce], rollouts };
}

function errorOf(input: unknown): ConfigError {
  try {
    parseConfig(input, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config: rollouts", () => {
  it("parses the issue's example, with durations in milliseconds and defaults filled", () => {
    const { rollouts } = readYaml(ISSUE_YAML) as { rollouts: unknown };
    const config = parseConfig(withRollouts(rollouts), { env });
    expect(config.rollouts).toEqual([
      {
        name: "k8s-1.31",
        target: { cce: "v1.31", "cce-autopilot": "v1.31", ack: "1.31.1-aliyun.1" },
        clusters: { labels: { env: "prod" } },
        waves: [
          {
            name: "canary",
            clusters: { labels: { ring: "canary" } },
            maxConcurrent: 1,
            soak: 86_400_000,
            approval: "none",
          },
          { name: "early", percent: 20, maxConcurrent: 2, soak: 43_200_000, approval: "chat" },
          { name: "rest", maxConcurrent: 5, soak: 0, approval: "chat" },
        ],
        haltOn: { failures: 1, stalls: 1 },
      },
    ]);
  });

  it("defaults to no rollouts", () => {
    expect(parseConfig({ clusters: [cce] }, { env }).rollouts).toEqual([]);
  });

  it("suggests the key that was meant", () => {
    const error = errorOf(
      withRollouts([
        { name: "r", target: { ack: "1.31.1" }, waves: [{ name: "w", maxConcurent: 2 }] },
      ]),
    );
    expect(error.message).toContain("rollouts[0].waves[0]");
    expect(error.message).toContain('did you mean "maxConcurrent"?');
  });

  it("names the field that is out of bounds", () => {
    const error = errorOf(
      withRollouts([
        {
          name: "r",
          target: { ack: "1.31.1" },
          waves: [{ name: "w", percent: 150, maxConcurrent: 0 }],
        },
      ]),
    );
    expect(error.message).toContain("rollouts[0].waves[0].percent");
    expect(error.message).toContain("rollouts[0].waves[0].maxConcurrent");
  });

  it("refuses a target with no version", () => {
    const error = errorOf(withRollouts([{ name: "r", target: {}, waves: [{ name: "w" }] }]));
    expect(error.message).toContain("at least one of cce, cce-autopilot, ack");
  });

  it("refuses duplicate rollout and wave names, and a take-the-rest wave before the last", () => {
    const rollout = {
      name: "r",
      target: { cce: "v1.31" },
      waves: [{ name: "all" }, { name: "all", percent: 10 }],
    };
    const error = errorOf(withRollouts([rollout, rollout]));
    expect(error.message).toContain("rollouts[1].name: duplicates rollouts[0].name");
    expect(error.message).toContain(
      "rollouts[0].waves[1].name: duplicates rollouts[0].waves[0].name",
    );
    expect(error.message).toContain("only the last wave may");
  });

  it("bounds the soak", () => {
    const error = errorOf(
      withRollouts([{ name: "r", target: { cce: "v1.31" }, waves: [{ name: "w", soak: "31d" }] }]),
    );
    expect(error.message).toContain("must be at most 30d");
  });
});
