import { describe, expect, it } from "vitest";
import { consoleUrl } from "../../shared/events/consoleUrl.ts";

describe("consoleUrl", () => {
  it("links a CCE cluster to the CCE console in its region", () => {
    expect(consoleUrl({ provider: "cce", region: "cn-north-4", clusterId: "8978deaa-1743" })).toBe(
      "https://console.huaweicloud.com/cce2.0/?region=cn-north-4#/app/cluster/detail?id=8978deaa-1743",
    );
  });

  it("links an Autopilot cluster to the same console", () => {
    expect(
      consoleUrl({ provider: "cce-autopilot", region: "ap-southeast-3", clusterId: "a1" }),
    ).toBe(
      "https://console.huaweicloud.com/cce2.0/?region=ap-southeast-3#/app/cluster/detail?id=a1",
    );
  });

  it("links an ACK cluster to its overview page", () => {
    expect(consoleUrl({ provider: "ack", region: "cn-hangzhou", clusterId: "c106f377" })).toBe(
      "https://cs.console.aliyun.com/#/k8s/cluster/c106f377/v2/info/overview?region=cn-hangzhou",
    );
  });

  it("uses another origin when given one (Huawei's international site)", () => {
    const url = consoleUrl(
      { provider: "cce", region: "ap-southeast-1", clusterId: "x" },
      { huawei: "https://console-intl.huaweicloud.com", alibaba: "https://cs.console.aliyun.com" },
    );
    expect(url.startsWith("https://console-intl.huaweicloud.com/cce2.0/")).toBe(true);
  });

  it("escapes ids so they cannot change the route", () => {
    expect(consoleUrl({ provider: "ack", region: "cn-hangzhou", clusterId: "a/b?c" })).toContain(
      "/k8s/cluster/a%2Fb%3Fc/",
    );
  });
});
