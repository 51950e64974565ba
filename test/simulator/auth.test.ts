import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alibabaExpectedSignature } from "../../infra/local/simulator/alibabaAuth.ts";
import { HUAWEI_LOCK_MS, huaweiExpectedSignature } from "../../infra/local/simulator/huaweiAuth.ts";
import { createSignedClient, ProviderError } from "../../shared/client/index.ts";
import { signAlibaba } from "../../shared/signing/alibaba.ts";
import { signHuawei } from "../../shared/signing/huawei.ts";
import { type Harness, type Json, MIN, startDemo } from "../helpers/demo-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startDemo();
});
afterEach(async () => {
  await h.sim.close();
});

/** Sends exactly the given headers and body, so a test can tamper with a signed request. */
function rawSend(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: Json; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(url, { method, headers, agent: false }, (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            headers: res.headers,
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

const huaweiTarget = (harness: Harness) => {
  const c = harness.cluster("cce-success");
  return {
    c,
    url: `${harness.sim.url}/api/v3/projects/${c.projectId}/clusters/${c.clusterId}/operation/postcheck`,
  };
};

describe("the verifiers are the official SDKs' signers, not ours", () => {
  it("the Huawei verifier reproduces the published APIG signing example", () => {
    const signature = huaweiExpectedSignature(
      {
        method: "GET",
        rawPath: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        rawQuery: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
        headers: {
          "content-type": "application/json",
          host: "service.region.example.com",
          "x-sdk-date": "20191115T033655Z",
        },
        body: Buffer.alloc(0),
      },
      ["content-type", "host", "x-sdk-date"],
      "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    );
    expect(signature).toBe("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
  });

  it("the Alibaba verifier reproduces the published V3 signing example", () => {
    const headers = {
      host: "ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action": "RunInstances",
      "x-acs-version": "2014-05-26",
      "x-acs-date": "2023-10-26T09:01:01Z",
      "x-acs-signature-nonce": "d410180a5abf7fe235dd9b74aca91fc0",
      "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };
    const signature = alibabaExpectedSignature(
      {
        method: "POST",
        rawPath: "/",
        rawQuery:
          "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        headers,
        body: Buffer.alloc(0),
      },
      Object.keys(headers),
      "YourAccessKeySecret",
    );
    expect(signature).toBe("e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804");
  });

  it("accepts a GET signed by the Huawei SDK core itself", async () => {
    const { c } = huaweiTarget(h);
    const { ak, sk } = h.scenario.credentials[0] as { ak: string; sk: string };
    const host = new URL(h.sim.url).host;
    const path = `/api/v3/projects/${c.projectId}/clusters/${c.clusterId}/operation/upgrade/tasks`;
    const sdkDate = h.clock
      .now()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
    const signed = AKSKSigner.sign(
      {
        method: "GET",
        endpoint: `http://${host}${path}`,
        headers: {
          "Content-Type": "application/json",
          "X-Project-Id": c.projectId,
          "X-Sdk-Date": sdkDate,
        },
        queryParams: {},
      } as never,
      { getAk: () => ak, getSk: () => sk } as never,
    ) as Record<string, string>;
    const res = await rawSend(`${h.sim.url}${path}`, "GET", signed);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe("List");
  });
});

describe("Huawei APIG authentication", () => {
  const post = (
    harness: Harness,
    opts: { sk?: string; ak?: string; date?: Date; tamper?: boolean } = {},
  ) => {
    const { c, url } = huaweiTarget(harness);
    const creds = harness.scenario.credentials[0] as { ak: string; sk: string };
    const body = JSON.stringify({
      kind: "PostCheckTask",
      apiVersion: "v3",
      spec: { clusterID: c.clusterId },
    });
    const signed = signHuawei(
      { method: "POST", url, body },
      {
        credentials: { ak: opts.ak ?? creds.ak, sk: opts.sk ?? creds.sk },
        date: opts.date ?? harness.clock.now(),
        projectId: c.projectId,
      },
    );
    return rawSend(url, "POST", signed.headers, opts.tamper ? body.replace("v3", "v4") : body);
  };

  it("answers each bad credential with APIG.0301 and HTTP 401, and logs the key", async () => {
    const cases = [
      [{ ak: "NOSUCHAK" }, "Get secretKey failed,ak:NOSUCHAK,err:ak not exist"],
      [{ sk: "wrong" }, "verify aksk signature fail"],
      [{ tamper: true }, "verify aksk signature fail"],
      [{ date: new Date(h.clock.now().getTime() - 16 * MIN) }, "signature expired"],
    ] as const;
    for (const [opts, message] of cases) {
      const res = await post(h, opts);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        error_code: "APIG.0301",
        request_id: res.headers["x-request-id"],
      });
      expect(res.body.error_msg).toContain(message);
    }
    expect(h.sim.requests.map((r) => [r.ak, r.status, r.errorCode, r.mutated])).toEqual([
      ["NOSUCHAK", 401, "APIG.0301", false],
      [h.scenario.credentials[0]?.ak, 401, "APIG.0301", false],
      [h.scenario.credentials[0]?.ak, 401, "APIG.0301", false],
      [h.scenario.credentials[0]?.ak, 401, "APIG.0301", false],
    ]);
  });

  it("accepts a date 14 minutes off", async () => {
    h.at(30 * MIN);
    const res = await post(h, { date: new Date(h.clock.now().getTime() + 14 * MIN) });
    expect(res.status).toBe(200);
  });

  it("locks a key after six failures in a row, even for a good signature, for 5 minutes", async () => {
    h.at(30 * MIN);
    for (let i = 0; i < 5; i++) expect((await post(h, { sk: "wrong" })).status).toBe(401);
    expect(h.sim.isHuaweiKeyLocked(h.scenario.credentials[0]?.ak ?? "")).toBe(false);
    expect((await post(h, { sk: "wrong" })).status).toBe(401);
    expect(h.sim.isHuaweiKeyLocked(h.scenario.credentials[0]?.ak ?? "")).toBe(true);
    const locked = await post(h);
    expect(locked.status).toBe(401);
    expect(locked.body.error_msg).toContain("AK access failed to reach the limit,forbidden");
    h.clock.advance(HUAWEI_LOCK_MS + 1000);
    expect((await post(h)).status).toBe(200);
  });

  it("resets the failure count after a success, so five failures do not lock", async () => {
    h.at(30 * MIN);
    for (let i = 0; i < 5; i++) await post(h, { sk: "wrong" });
    expect((await post(h)).status).toBe(200);
    for (let i = 0; i < 5; i++) await post(h, { sk: "wrong" });
    expect((await post(h)).status).toBe(200);
  });

  it("our client does not retry an auth failure: one attempt with the rotated key", async () => {
    const revoked = h.scenario.rejectedCredentials[0] as { ak: string; sk: string };
    const c = h.cluster("cce-bad-credentials");
    const err = await h
      .cce("cce-bad-credentials", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "auth", status: 401, code: "APIG.0301", attempts: 1 });
    expect(h.sim.requests.filter((r) => r.ak === revoked.ak)).toHaveLength(1);
    expect(h.sim.requests[0]?.clusterId).toBe(c.clusterId);
  });
});

describe("Alibaba ACS3 authentication", () => {
  const send = (
    harness: Harness,
    opts: { sk?: string; ak?: string; date?: Date; nonce?: string; tamperPath?: boolean } = {},
  ) => {
    const id = harness.cluster("ack-pause").clusterId;
    const url = `${harness.sim.url}/api/v2/clusters/${id}/upgrade/status`;
    const creds = harness.scenario.credentials[1] as { ak: string; sk: string };
    const signed = signAlibaba(
      { method: "GET", url, body: undefined },
      {
        credentials: { ak: opts.ak ?? creds.ak, sk: opts.sk ?? creds.sk },
        date: opts.date ?? harness.clock.now(),
        nonce: opts.nonce ?? `nonce-${Math.random()}`,
        action: "GetUpgradeStatus",
        version: "2015-12-15",
      },
    );
    return rawSend(opts.tamperPath ? url.replace(id, "cother") : url, "GET", signed.headers);
  };

  it("answers unknown key, wrong secret, tampered request and expired date with the documented codes", async () => {
    const cases = [
      [{ ak: "NOSUCH" }, 404, "InvalidAccessKeyId.NotFound"],
      [{ sk: "wrong" }, 400, "SignatureDoesNotMatch"],
      [{ tamperPath: true }, 400, "SignatureDoesNotMatch"],
      [{ date: new Date(h.clock.now().getTime() + 16 * MIN) }, 400, "InvalidTimeStamp.Expired"],
    ] as const;
    for (const [opts, status, code] of cases) {
      const res = await send(h, opts);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code, requestId: res.headers["x-acs-request-id"] });
    }
  });

  it("rejects a reused signature nonce", async () => {
    expect((await send(h, { nonce: "same-nonce" })).status).toBe(200);
    const again = await send(h, { nonce: "same-nonce" });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("SignatureNonceUsed");
  });

  it("rejects a tampered body on a signed POST", async () => {
    const url = `${h.sim.url}/tasks/T-000000000000000000000000/cancel`;
    const creds = h.scenario.credentials[1] as { ak: string; sk: string };
    const signed = signAlibaba(
      { method: "POST", url, body: "{}" },
      {
        credentials: creds,
        date: h.clock.now(),
        nonce: "n-post",
        action: "CancelTask",
        version: "2015-12-15",
      },
    );
    const res = await rawSend(url, "POST", signed.headers, '{"x":1}');
    expect(res.body.code).toBe("SignatureDoesNotMatch");
    expect(createHash("sha256").update("{}").digest("hex")).toBe(
      signed.headers["x-acs-content-sha256"],
    );
  });

  it("accepts requests with --credentials given as extra key pairs", async () => {
    await h.sim.close();
    h = await startDemo({ extraCredentials: [{ ak: "EXTRAAK", sk: "EXTRASK" }] });
    const client = createSignedClient({ now: () => h.clock.now() });
    const res = await client.request({
      cloud: "alibaba",
      operation: "DescribeClusterDetail",
      method: "GET",
      endpoint: h.sim.url,
      path: `/clusters/${h.cluster("ack-pause").clusterId}`,
      credentials: { ak: "EXTRAAK", sk: "EXTRASK" },
    });
    expect(res.status).toBe(200);
  });
});
