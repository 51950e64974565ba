import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { ConfigError } from "../../shared/errors.ts";

const ackSource = { name: "ali-prod", credentials: "ali-prod", regions: ["cn-hangzhou"] };
const cceSource = {
  name: "hw-prod",
  credentials: "hw-prod",
  projects: [{ region: "cn-north-4", projectId: "0b2f8a" }],
};

function problemOf(discover: unknown, extra: Record<string, unknown> = {}): ConfigError {
  try {
    parseConfig({ discover, ...extra }, { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config: the discover section", () => {
  it("parses a source per family with every default filled", () => {
    const config = parseConfig(
      { discover: { ack: [ackSource], "cce-autopilot": [cceSource] } },
      { env: {} },
    );
    expect(config.clusters).toEqual([]);
    expect(config.discover.ack[0]).toMatchObject({
      filters: { tags: {}, tagKeys: [], names: [], clusterTypes: [], versions: [], exclude: [] },
      labels: { fromTags: "all", set: {} },
      overrides: {},
    });
    expect(config.discover.limits).toEqual({ maxPages: 200, timeout: 60_000 });
  });

  it.each([
    [
      { ack: [{ ...ackSource, region: ["x"] }] },
      "discover.ack[0].region",
      'did you mean "regions"?',
    ],
    [
      { ack: [{ ...ackSource, filters: { tag: {} } }] },
      "discover.ack[0].filters.tag",
      'did you mean "tags"?',
    ],
    [
      { cce: [{ ...cceSource, projects: [{ region: "cn-north-4" }] }] },
      "discover.cce[0].projects[0].projectId",
      "is required",
    ],
    [
      { "cce-autopilot": [{ ...cceSource, regions: ["cn-north-4"] }] },
      'discover["cce-autopilot"][0].regions',
      "unknown key",
    ],
    [
      { ack: [{ ...ackSource, name: "Ali Prod" }] },
      "discover.ack[0].name",
      "must be a source name",
    ],
    [
      { ack: [{ ...ackSource, regions: [] }] },
      "discover.ack[0].regions",
      "must list at least one entry",
    ],
    [
      { ack: [{ ...ackSource, filters: { versions: [{}] } }] },
      "discover.ack[0].filters.versions[0]",
      "must give atLeast, below, or both",
    ],
    [
      { ack: [{ ...ackSource, filters: { versions: [{ atLeast: "latest" }] } }] },
      "discover.ack[0].filters.versions[0].atLeast",
      "must be a Kubernetes version",
    ],
    [
      { ack: [{ ...ackSource, labels: { fromTags: "some" } }] },
      "discover.ack[0].labels.fromTags",
      "",
    ],
    [{ limits: { maxPages: 0 } }, "discover.limits.maxPages", ""],
    [{ gke: [] }, "discover.gke", "unknown key"],
  ])("%j -> %s", (discover, path, problem) => {
    const error = problemOf(discover);
    expect(error.path).toBe(path);
    expect(error.message).toContain(problem);
  });

  it("a source name is unique across families, and a source lists a region once", () => {
    const error = problemOf({
      ack: [{ ...ackSource, regions: ["cn-hangzhou", "cn-hangzhou"] }],
      cce: [{ ...cceSource, name: "ali-prod" }],
    });
    expect(error.path).toBe("discover.ack[0].name");
    expect(error.message).toContain("duplicates discover.cce[0].name");
    expect(error.message).toContain("discover.ack[0].regions[1]: lists region cn-hangzhou twice");
  });

  it("a source's overrides keep the rules a cluster's do", () => {
    const error = problemOf({ ack: [{ ...ackSource, overrides: { pollInterval: "7m" } }] });
    expect(error.path).toBe("discover.ack[0].overrides.pollInterval");
  });

  it("a source that inherits resume-in-window needs a window in defaults", () => {
    const error = problemOf({ ack: [ackSource] }, { defaults: { onPause: "resume-in-window" } });
    expect(error.path).toBe("defaults.maintenanceWindows");
  });

  it("free-form fields are bounded: a 300 KB tag filter fails naming the field, without the value", () => {
    const huge = "x".repeat(300 * 1024);
    const error = problemOf({ ack: [{ ...ackSource, filters: { tags: { env: huge } } }] });
    expect(error.path).toBe("discover.ack[0].filters.tags.env");
    expect(error.message).toContain("must be at most 256 characters");
    expect(error.message).not.toContain("xxxxxxxxxx");
    const many = Array.from({ length: 501 }, (_, i) => `c${i}`);
    expect(problemOf({ ack: [{ ...ackSource, filters: { exclude: many } }] }).path).toBe(
      "discover.ack[0].filters.exclude",
    );
  });
});
