import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { ConfigError } from "../../shared/errors.ts";
import { ClusterRefSchema } from "../../shared/model/cluster.ts";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";

const env = {};
const window = { timeZone: "Europe/Berlin", days: ["sat", "sun"], start: "22:00", end: "04:00" };

describe("resolveClusters", () => {
  const config = parseConfig(
    {
      defaults: { dryRun: true, onFailure: "cancel", maintenanceWindows: [window] },
      clusters: [
        {
          provider: "cce",
          region: "cn-north-4",
          projectId: "p1",
          clusterId: "c1",
          name: "payments",
          labels: { team: "payments" },
          credentials: "huawei-prod",
          overrides: { dryRun: false, onPause: "resume-in-window", pollInterval: "10m" },
          healthProbes: [{ url: "https://app.example.com/healthz", timeout: "2s" }],
        },
        { provider: "cce-autopilot", region: "ap-southeast-1", projectId: "p2", clusterId: "c2" },
        {
          provider: "ack",
          region: "cn-hangzhou",
          clusterId: "c3",
          endpoint: "http://127.0.0.1:8443",
          overrides: { maintenanceWindows: [] },
        },
      ],
    },
    { env },
  );
  const [huawei, autopilot, alibaba] = resolveClusters(config);

  it("builds each cluster's ref, valid against the shared model", () => {
    expect(huawei?.ref).toEqual({
      provider: "cce",
      region: "cn-north-4",
      projectId: "p1",
      clusterId: "c1",
      name: "payments",
      labels: { team: "payments" },
    });
    expect(alibaba?.ref).toEqual({
      provider: "ack",
      region: "cn-hangzhou",
      clusterId: "c3",
      labels: {},
    });
    for (const cluster of [huawei, autopilot, alibaba]) {
      expect(ClusterRefSchema.parse(cluster?.ref)).toEqual(cluster?.ref);
    }
  });

  it("uses the public endpoint of each cloud unless overridden", () => {
    expect(huawei?.endpoint).toBe("https://cce.cn-north-4.myhuaweicloud.com");
    expect(autopilot?.endpoint).toBe("https://cce.ap-southeast-1.myhuaweicloud.com");
    expect(alibaba?.endpoint).toBe("http://127.0.0.1:8443");
    const publicAck = resolveClusters(
      parseConfig(
        { clusters: [{ provider: "ack", region: "cn-shanghai", clusterId: "c" }] },
        { env },
      ),
    );
    expect(publicAck[0]?.endpoint).toBe("https://cs.cn-shanghai.aliyuncs.com");
  });

  it("names the credential set, falling back to `default`", () => {
    expect([huawei?.credentials, autopilot?.credentials, alibaba?.credentials]).toEqual([
      "huawei-prod",
      "default",
      "default",
    ]);
  });

  it("overlays the cluster's overrides on the defaults, field by field", () => {
    expect(huawei?.policy).toMatchObject({
      dryRun: false,
      onFailure: "cancel",
      onPause: "resume-in-window",
      pollInterval: 600_000,
      lag: 120_000,
      maintenanceWindows: [window],
    });
    expect(autopilot?.policy).toEqual(config.defaults);
  });

  it("replaces the window list rather than appending to it", () => {
    expect(alibaba?.policy.maintenanceWindows).toEqual([]);
  });

  it("carries health probes with their defaults", () => {
    expect(huawei?.healthProbes).toEqual([
      { url: "https://app.example.com/healthz", expectStatus: 200, timeout: 2_000 },
    ]);
    expect(autopilot?.healthProbes).toEqual([]);
  });

  it("keys clusters by provider/region/project/clusterId, with - for ACK", () => {
    expect(huawei?.key).toBe("cce/cn-north-4/p1/c1");
    expect(alibaba?.key).toBe("ack/cn-hangzhou/-/c3");
    expect(huawei?.key).toBe(
      clusterKey(huawei?.ref ?? { provider: "ack", region: "", clusterId: "" }),
    );
  });

  it("refuses a config built in code that has duplicates, naming both", () => {
    const cluster = config.clusters[1];
    if (!cluster) throw new Error("fixture");
    const built = { ...config, clusters: [...config.clusters, cluster] };
    expect(() => resolveClusters(built)).toThrow(ConfigError);
    expect(() => resolveClusters(built)).toThrow(
      /clusters\[3\]\.clusterId: duplicates clusters\[1\]/,
    );
  });
});
