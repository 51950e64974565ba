import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { ConfigError } from "../../shared/errors.ts";

const cce = { provider: "cce", region: "cn-north-4", projectId: "p1", clusterId: "c1" };
const ack = { provider: "ack", region: "cn-hangzhou", clusterId: "c2" };
const env = {};

function errorOf(
  input: unknown,
  options: Parameters<typeof parseConfig>[1] = { env },
): ConfigError {
  try {
    parseConfig(input, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig: defaults", () => {
  it("fills every default, with durations in milliseconds", () => {
    const config = parseConfig({ clusters: [cce] }, { env });
    expect(config.defaults).toEqual({
      pollInterval: 300_000,
      lag: 120_000,
      stallAfter: 10_800_000,
      repeat: 14_400_000,
      dryRun: false,
      onFailure: "alert-only",
      onPause: "alert-only",
      postcheck: true,
      maintenanceWindows: [],
      blastRadiusLimit: 3,
      quietDuringUpgrade: null,
    });
    expect(config.poll).toEqual({
      requestTimeout: 10_000,
      concurrency: { perProvider: 64, perCredentialSet: 16, requestsPerSecond: 15 },
      readRetry: { attempts: 2, delay: 60_000 },
      postcheckHorizon: 21_600_000,
      ackUpgradeTaskType: "cluster_upgrade",
      shardSize: 500,
    });
    expect(config.clusters[0]).toMatchObject({
      credentials: "default",
      labels: {},
      overrides: {},
      healthProbes: [],
    });
  });

  it("takes the bus from the config, else SHEPHERD_BUS_NAME, else upgrade-shepherd", () => {
    expect(
      parseConfig({ bus: "mine", clusters: [] }, { env: { SHEPHERD_BUS_NAME: "env-bus" } }).bus,
    ).toBe("mine");
    expect(parseConfig({ clusters: [] }, { env: { SHEPHERD_BUS_NAME: "env-bus" } }).bus).toBe(
      "env-bus",
    );
    expect(parseConfig({ clusters: [] }, { env: {} }).bus).toBe("upgrade-shepherd");
  });

  it("takes ackUpgradeTaskType as an exact task_type, documented or not", () => {
    const type = (v: string) =>
      parseConfig({ poll: { ackUpgradeTaskType: v }, clusters: [] }).poll.ackUpgradeTaskType;
    expect(type("cluster_upgrade")).toBe("cluster_upgrade");
    expect(type("nodepool_upgrade")).toBe("nodepool_upgrade");
    expect(type("cluster_upgrade_v2")).toBe("cluster_upgrade_v2");
  });

  it("accepts numbers of seconds wherever a duration goes", () => {
    const config = parseConfig(
      { defaults: { pollInterval: 600, lag: 90 }, poll: { requestTimeout: 2.5 }, clusters: [] },
      { env },
    );
    expect(config.defaults.pollInterval).toBe(600_000);
    expect(config.defaults.lag).toBe(90_000);
    expect(config.poll.requestTimeout).toBe(2_500);
  });

  it("normalizes an endpoint to its origin and keeps health probe defaults", () => {
    const config = parseConfig(
      {
        clusters: [
          {
            ...cce,
            endpoint: "https://cce.example.internal:8443/",
            healthProbes: [{ url: "https://app.example.com/healthz" }],
          },
        ],
      },
      { env },
    );
    expect(config.clusters[0]?.endpoint).toBe("https://cce.example.internal:8443");
    expect(config.clusters[0]?.healthProbes).toEqual([
      { url: "https://app.example.com/healthz", expectStatus: 200, timeout: 5_000 },
    ]);
  });
});

describe("parseConfig: text", () => {
  it("reads YAML, where times stay strings and anchors work", () => {
    const config = parseConfig(
      `
defaults:
  maintenanceWindows: &nights
    - { timeZone: Asia/Shanghai, days: [mon], start: 01:00, end: "05:00" }
clusters:
  - provider: ack
    region: cn-hangzhou
    clusterId: c2
    overrides: { onPause: resume-in-window, maintenanceWindows: *nights }
`,
      { env },
    );
    expect(config.clusters[0]?.overrides.maintenanceWindows?.[0]?.start).toBe("01:00");
  });

  it("reads JSON when asked, and refuses YAML then", () => {
    expect(
      parseConfig(JSON.stringify({ clusters: [ack] }), { format: "json", env }).clusters,
    ).toHaveLength(1);
    const error = errorOf("clusters: []", { format: "json", env, source: "c.json" });
    expect(error.message).toMatch(/^config: is not valid JSON \(in c\.json\)/);
  });

  it("names the line of a YAML syntax error and the source", () => {
    const error = errorOf("clusters:\n  - provider: ack\n   region: x\n", {
      env,
      source: "s3://b/c.yaml",
    });
    expect(error.path).toBe("");
    expect(error.message).toMatch(/is not valid YAML \(in s3:\/\/b\/c\.yaml\): .*line 3/);
  });

  it("refuses duplicate keys in YAML", () => {
    expect(errorOf("clusters: []\nclusters: []\n").message).toMatch(
      /duplicated mapping key at line 2/,
    );
  });
});

describe("parseConfig: errors name the field path and what was wrong", () => {
  it.each([
    [{ clusters: {} }, "clusters", "expected array, got an object"],
    [{ clusters: [{ ...cce, region: "" }] }, "clusters[0].region", "must not be empty"],
    [{ clusters: [{ ...cce, region: "cn north" }] }, "clusters[0].region", "must be a region id"],
    [
      { clusters: [{ ...cce, provider: "gke" }] },
      "clusters[0].provider",
      'must be one of "cce", "cce-autopilot", "ack"; got "gke"',
    ],
    [
      { clusters: [{ ...cce, regoin: "x" }] },
      "clusters[0].regoin",
      'unknown key; did you mean "region"?',
    ],
    [
      { clusters: [{ ...cce, clusterID: "x" }] },
      "clusters[0].clusterID",
      'did you mean "clusterId"?',
    ],
    [{ defaults: { dryrun: true }, clusters: [] }, "defaults.dryrun", 'did you mean "dryRun"?'],
    [
      { clusters: [], reciever: [] },
      "reciever",
      "unknown key (allowed: $schema, bus, defaults, poll, discover, clusters, receivers, routes, rollouts)",
    ],
    [
      { defaults: { pollInterval: "7m" }, clusters: [] },
      "defaults.pollInterval",
      "must divide an hour or a day evenly",
    ],
    [{ defaults: { pollInterval: "90s" }, clusters: [] }, "defaults.pollInterval", "got 1m30s"],
    [
      { defaults: { lag: "2 minutes" }, clusters: [] },
      "defaults.lag",
      'must be a duration like "90s"',
    ],
    [
      { defaults: { onFailure: "rollback" }, clusters: [] },
      "defaults.onFailure",
      '"cancel", "alert-only"',
    ],
    [{ defaults: { blastRadiusLimit: -1 }, clusters: [] }, "defaults.blastRadiusLimit", ">=0"],
    [
      { poll: { readRetry: { delay: "20m" } }, clusters: [] },
      "poll.readRetry.delay",
      "must be at most 15m",
    ],
    [{ poll: { shardSize: 0 }, clusters: [] }, "poll.shardSize", ">=1"],
    // The old substring meaning of ackUpgradeTaskType (default "upgrade") is refused, not
    // silently re-read as an exact type that matches nothing.
    [
      { poll: { ackUpgradeTaskType: "upgrade" }, clusters: [] },
      "poll.ackUpgradeTaskType",
      'old case-insensitive substring match (it matched every task of type cluster_upgrade, cluster_addon_upgrade, runtime_upgrade, nodepool_upgrade); the field is now the exact task_type of the ACK cluster upgrade. Remove it (the default is "cluster_upgrade")',
    ],
    [
      { poll: { ackUpgradeTaskType: "Cluster_Upgrade" }, clusters: [] },
      "poll.ackUpgradeTaskType",
      "old case-insensitive substring match",
    ],
    [
      { poll: { ackUpgradeTaskType: "cluster-upgrade" }, clusters: [] },
      "poll.ackUpgradeTaskType",
      "is not a task_type",
    ],
    [
      { clusters: [{ ...cce, credentials: "Prod_Keys" }] },
      "clusters[0].credentials",
      "lower-case letters, digits and hyphens",
    ],
    [
      { clusters: [{ ...cce, endpoint: "http://cce.example.com" }] },
      "clusters[0].endpoint",
      "must use https",
    ],
    [
      { clusters: [{ ...cce, endpoint: "https://cce.example.com/api" }] },
      "clusters[0].endpoint",
      "no path or query",
    ],
    [
      { clusters: [{ ...cce, endpoint: "https://user:pw@cce.example.com" }] },
      "clusters[0].endpoint",
      "user name or password",
    ],
    [
      { clusters: [{ ...cce, endpoint: "cce.example.com" }] },
      "clusters[0].endpoint",
      "must be a URL starting with https://",
    ],
    [
      { clusters: [{ ...cce, healthProbes: [{ url: "http://app.example.com" }] }] },
      "clusters[0].healthProbes[0].url",
      "must use https",
    ],
    [
      {
        clusters: [{ ...cce, healthProbes: [{ url: "https://a.example.com", expectStatus: 700 }] }],
      },
      "clusters[0].healthProbes[0].expectStatus",
      "<=599",
    ],
    [
      { clusters: [{ ...cce, labels: { team: 1 } }] },
      "clusters[0].labels.team",
      "expected string, got 1",
    ],
    [
      { clusters: [{ ...cce, labels: { "app.kubernetes.io/name": 1 } }] },
      'clusters[0].labels["app.kubernetes.io/name"]',
      "expected string",
    ],
  ])("%j -> %s", (input, path, problem) => {
    const error = errorOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toContain(`config ${path}: `);
    expect(error.message).toContain(problem);
  });

  it("names a bad maintenance window's field by its full path", () => {
    const window = { timeZone: "Asia/Shanghai", days: ["mon"], start: "01:00", end: "05:00" };
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { timeZone: "Mars/Olympus" },
        "timeZone",
        'is not a time zone this runtime knows: "Mars/Olympus"',
      ],
      [{ timeZone: "+08:00" }, "timeZone", "must be an IANA time zone name"],
      [{ days: [] }, "days", "must list at least one entry"],
      [{ days: ["mon", "mon"] }, "days", "lists a day twice"],
      [{ days: ["monday"] }, "days[0]", '"mon", "tue"'],
      [{ start: "1:00" }, "start", 'must be a time "HH:MM"'],
      [{ start: "24:00" }, "start", 'from "00:00" to "23:59"'],
      [{ end: "24:01" }, "end", 'from "00:00" to "24:00"'],
      [{ end: "01:00" }, "end", "equals start"],
      [{ zone: "UTC" }, "zone", "unknown key"],
    ];
    for (const [change, field, problem] of cases) {
      const input = {
        clusters: [
          ack,
          { ...cce, overrides: { maintenanceWindows: [window, { ...window, ...change }] } },
        ],
      };
      const error = errorOf(input);
      expect(error.path).toBe(`clusters[1].overrides.maintenanceWindows[1].${field}`);
      expect(error.message).toContain(problem);
    }
  });

  it("lists every problem in one error, first one as the path", () => {
    const error = errorOf({
      defaults: { pollInterval: "7m" },
      clusters: [
        { ...cce, region: "" },
        { ...ack, clusterId: "" },
      ],
    });
    expect(error.path).toBe("defaults.pollInterval");
    expect(error.message).toContain(
      "and 2 more: clusters[0].region: must not be empty; clusters[1].clusterId: must not be empty",
    );
  });

  it("serializes with its path, for logs", () => {
    const error = errorOf({ clusters: [{ ...cce, region: "" }] });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ConfigError",
      path: "clusters[0].region",
      message: "config clusters[0].region: must not be empty",
    });
  });
});

describe("parseConfig: rules across fields", () => {
  it.each([
    [
      { clusters: [{ ...cce, projectId: undefined }] },
      "clusters[0].projectId",
      "is required for provider cce",
    ],
    [
      { clusters: [{ ...cce, provider: "cce-autopilot", projectId: undefined }] },
      "clusters[0].projectId",
      "is required for provider cce-autopilot",
    ],
    [
      { clusters: [{ ...ack, projectId: "p" }] },
      "clusters[0].projectId",
      "is not used by provider ack",
    ],
    [
      { clusters: [cce, ack, { ...cce, name: "again" }] },
      "clusters[2].clusterId",
      "duplicates clusters[0] (same provider, region, project and clusterId: cce/cn-north-4/p1/c1)",
    ],
    [
      { defaults: { repeat: "1m" }, clusters: [] },
      "defaults.repeat",
      "must be at least the poll interval (5m); got 1m",
    ],
    [
      { clusters: [{ ...cce, overrides: { pollInterval: "10m", repeat: "5m" } }] },
      "clusters[0].overrides.repeat",
      "at least the cluster's poll interval (10m)",
    ],
    [
      { clusters: [{ ...cce, overrides: { pollInterval: "4m" } }] },
      "clusters[0].overrides.pollInterval",
      "must be a multiple of defaults.pollInterval (5m)",
    ],
    [
      { clusters: [{ ...cce, overrides: { onPause: "resume-in-window" } }] },
      "clusters[0].overrides.maintenanceWindows",
      'onPause is "resume-in-window"',
    ],
    [
      { defaults: { onPause: "resume-in-window" }, clusters: [cce, ack] },
      "defaults.maintenanceWindows",
      'onPause is "resume-in-window"',
    ],
  ])("%j -> %s", (input, path, problem) => {
    const error = errorOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toContain(problem);
  });

  it("reports a problem inherited from defaults once, not once per cluster", () => {
    const clusters = Array.from({ length: 50 }, (_, i) => ({ ...ack, clusterId: `c${i}` }));
    const error = errorOf({ defaults: { onPause: "resume-in-window" }, clusters });
    expect(error.message).not.toContain("more:");
  });

  it("accepts resume-in-window once a window applies, from defaults or from the cluster", () => {
    const window = { timeZone: "UTC", days: ["sat"], start: "00:00", end: "06:00" };
    expect(() =>
      parseConfig(
        {
          defaults: { onPause: "resume-in-window", maintenanceWindows: [window] },
          clusters: [cce],
        },
        { env },
      ),
    ).not.toThrow();
    expect(() =>
      parseConfig(
        {
          defaults: { onPause: "resume-in-window" },
          clusters: [{ ...cce, overrides: { maintenanceWindows: [window] } }],
        },
        { env },
      ),
    ).not.toThrow();
    const error = errorOf({
      defaults: { maintenanceWindows: [window] },
      clusters: [{ ...cce, overrides: { onPause: "resume-in-window", maintenanceWindows: [] } }],
    });
    expect(error.path).toBe("clusters[0].overrides.maintenanceWindows");
  });

  it("allows the same cluster id in another region, project or provider", () => {
    const config = parseConfig(
      {
        clusters: [
          cce,
          { ...cce, region: "cn-east-3" },
          { ...cce, projectId: "p2" },
          { ...cce, provider: "cce-autopilot" },
          { ...ack, clusterId: "c1" },
        ],
      },
      { env },
    );
    expect(config.clusters).toHaveLength(5);
  });

  it("allows http endpoints on loopback only, for the local simulator", () => {
    for (const endpoint of [
      "http://127.0.0.1:8443",
      "http://localhost:9000",
      "http://[::1]:8080",
    ]) {
      expect(parseConfig({ clusters: [{ ...ack, endpoint }] }, { env }).clusters[0]?.endpoint).toBe(
        endpoint,
      );
    }
  });
});
