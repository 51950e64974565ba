import Cs from "@alicloud/cs20151215";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { describe, expect, it } from "vitest";
import { defaultEndpoint } from "../../shared/config/endpoint.ts";
import { ACK_HOSTS, CCE_HOSTS } from "../../shared/config/regionEndpoints.ts";

// The official Alibaba SDK (a devDependency) is the reference: its client computes its own
// endpoint from its region map and rule, and exposes the map it used.
type SdkClient = { _endpoint: string; _endpointMap: Record<string, string> };
const Client = ((Cs as unknown as { default?: typeof Cs }).default ?? Cs) as unknown as new (
  config: $OpenApiUtil.Config,
) => SdkClient;
const sdkClient = (regionId: string): SdkClient =>
  new Client(new $OpenApiUtil.Config({ accessKeyId: "AK", accessKeySecret: "SK", regionId }));

describe("ACK endpoints: the official SDK's map, entry by entry", () => {
  it("holds exactly the SDK's map", () => {
    expect(ACK_HOSTS).toEqual(sdkClient("cn-hangzhou")._endpointMap);
  });

  for (const [region, host] of Object.entries(ACK_HOSTS)) {
    it(`${region} -> https://${host}, as the SDK computes it`, () => {
      expect(sdkClient(region)._endpoint).toBe(host);
      expect(defaultEndpoint("ack", region)).toBe(`https://${host}`);
    });
  }

  it("gives a region the map does not list the SDK's regional rule", () => {
    expect(sdkClient("xx-new-9")._endpoint).toBe("cs.xx-new-9.aliyuncs.com");
    expect(defaultEndpoint("ack", "xx-new-9")).toBe("https://cs.xx-new-9.aliyuncs.com");
  });

  it("sends the internal and finance regions the SDK maps centrally to cs.aliyuncs.com", () => {
    expect(defaultEndpoint("ack", "cn-beijing-gov-1")).toBe("https://cs.aliyuncs.com");
  });
});

describe("CCE and CCE Autopilot endpoints: huaweicloud-sdk-go-v3's region.go, entry by entry", () => {
  it("lists the SDK file's 31 regions", () => {
    expect(Object.keys(CCE_HOSTS)).toHaveLength(31);
  });

  for (const [region, host] of Object.entries(CCE_HOSTS)) {
    it(`${region} -> https://${host} for CCE and Autopilot`, () => {
      expect(host.startsWith(`cce.${region}.`)).toBe(true);
      expect(defaultEndpoint("cce", region)).toBe(`https://${host}`);
      expect(defaultEndpoint("cce-autopilot", region)).toBe(`https://${host}`);
    });
  }

  it("puts eu-west-101 on myhuaweicloud.eu, where the old pattern was wrong", () => {
    expect(defaultEndpoint("cce", "eu-west-101")).toBe("https://cce.eu-west-101.myhuaweicloud.eu");
  });

  it("keeps the pattern for a region the map does not list", () => {
    expect(defaultEndpoint("cce", "xx-new-9")).toBe("https://cce.xx-new-9.myhuaweicloud.com");
  });

  it("does not take an inherited property for a region", () => {
    expect(defaultEndpoint("cce", "constructor")).toBe("https://cce.constructor.myhuaweicloud.com");
  });
});
