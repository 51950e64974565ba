import { afterEach, describe, expect, it } from "vitest";
import {
  createSignedClient,
  ProviderError,
  type SignedClientOptions,
} from "../../shared/client/index.ts";
import type { ProviderRequest } from "../../shared/client/types.ts";
import {
  type Responder,
  startVerifyingServer,
  type VerifyingServer,
} from "../helpers/verifying-server.ts";

const HW = { ak: "HWTESTAK0000000000001", sk: "hw-secret-key-do-not-log-0123456789" };
const ALI = {
  ak: "LTAItestAccessKey01",
  sk: "ali-secret-do-not-log-abcdef",
  token: "sts-token-do-not-log",
};
const secrets = { [HW.ak]: HW.sk, [ALI.ak]: ALI.sk };

let server: VerifyingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const json = (res: Parameters<Responder>[1], status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

/** Records sleeps instead of waiting, so retry timing is asserted without a real clock. */
function fakeTime() {
  const sleeps: number[] = [];
  let t = Date.parse("2026-11-22T08:00:00Z");
  return {
    sleeps,
    options: {
      now: () => new Date(t),
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
      random: () => 0.5,
    } satisfies SignedClientOptions,
  };
}

const huaweiGet = (endpoint: string): ProviderRequest => ({
  cloud: "huawei",
  operation: "ListUpgradeClusterTasks",
  method: "GET",
  endpoint,
  path: "/api/v3/projects/p1/clusters/c-1/operation/upgrade/tasks",
  query: { limit: 10, status: ["Running", "Failed"] },
  credentials: HW,
  projectId: "p1",
});

const ackGet = (endpoint: string): ProviderRequest => ({
  cloud: "alibaba",
  operation: "GetUpgradeStatus",
  method: "GET",
  endpoint,
  path: "/api/v2/clusters/c ack:1/upgrade/status",
  credentials: ALI,
});

describe("signed client over loopback, verified by the official SDK signers", () => {
  it("sends a Huawei GET that the SDK signer accepts, with the project id and request id", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 200, { items: [] }, { "X-Request-Id": "req-hw-1" }),
    );
    const res = await createSignedClient().request(huaweiGet(server.url));
    expect(res.body).toEqual({ items: [] });
    expect(res.requestId).toBe("req-hw-1");
    const [got] = server.received;
    expect(got?.signatureValid).toBe(true);
    expect(got?.path).toBe(
      "/api/v3/projects/p1/clusters/c-1/operation/upgrade/tasks?limit=10&status=Running&status=Failed",
    );
    expect(got?.headers["x-project-id"]).toBe("p1");
    expect(got?.headers["content-type"]).toBe("application/json");
  });

  it("sends a Huawei PATCH with a JSON body that the SDK signer accepts", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 200, { status: { phase: "Cancel" } }),
    );
    await createSignedClient().request({
      ...huaweiGet(server.url),
      operation: "UpgradeWorkFlowUpdate",
      method: "PATCH",
      path: "/autopilot/v3/projects/p1/clusters/c1/operation/upgradeworkflows/wf1",
      query: undefined,
      body: { status: { phase: "Cancel" } },
      credentials: { ...HW, token: "hw-temp-token" },
    });
    const [got] = server.received;
    expect(got?.signatureValid).toBe(true);
    expect(got?.body).toBe('{"status":{"phase":"Cancel"}}');
    expect(got?.headers["x-security-token"]).toBe("hw-temp-token");
  });

  it("sends an ACK GET and POST with an STS token that the SDK signer accepts, with fresh nonces", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 200, { status: "running" }, { "x-acs-request-id": "req-ack-1" }),
    );
    const client = createSignedClient();
    const res = await client.request(ackGet(server.url));
    await client.request({
      ...ackGet(server.url),
      operation: "CancelTask",
      method: "POST",
      path: "/tasks/T-1/cancel",
      body: {},
    });
    expect(res.requestId).toBe("req-ack-1");
    expect(server.received.map((r) => r.signatureValid)).toEqual([true, true]);
    const [get, post] = server.received;
    expect(get?.headers["x-acs-action"]).toBe("GetUpgradeStatus");
    expect(get?.headers["x-acs-version"]).toBe("2015-12-15");
    expect(get?.headers["x-acs-security-token"]).toBe(ALI.token);
    expect(post?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(get?.headers["x-acs-signature-nonce"]).not.toBe(post?.headers["x-acs-signature-nonce"]);
  });
});

describe("retries and errors", () => {
  it("waits as long as Retry-After asks after a 429, then succeeds", async () => {
    server = await startVerifyingServer(secrets, (_req, res, i) =>
      i === 0
        ? json(
            res,
            429,
            { error_code: "APIG.0308", error_msg: "too many requests" },
            { "Retry-After": "2" },
          )
        : json(res, 200, { items: [] }),
    );
    const time = fakeTime();
    const res = await createSignedClient(time.options).request(huaweiGet(server.url));
    expect(res.attempts).toBe(2);
    expect(time.sleeps).toEqual([2000]);
    expect(server.received.every((r) => r.signatureValid)).toBe(true);
  });

  it("retries a GET after a 500 with jittered backoff, then succeeds", async () => {
    server = await startVerifyingServer(secrets, (_req, res, i) =>
      i === 0
        ? json(res, 500, { code: "InternalError", message: "boom" })
        : json(res, 200, { status: "running" }),
    );
    const time = fakeTime();
    const res = await createSignedClient(time.options).request(ackGet(server.url));
    expect(res.attempts).toBe(2);
    expect(time.sleeps).toEqual([100]);
    expect(server.received).toHaveLength(2);
    expect(new Set(server.received.map((r) => r.headers["x-acs-signature-nonce"])).size).toBe(2);
  });

  it("does not retry a POST after a 500, where the cloud may have acted", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 500, { code: "InternalError" }),
    );
    const time = fakeTime();
    const error = await createSignedClient(time.options)
      .request({
        ...ackGet(server.url),
        operation: "CancelTask",
        method: "POST",
        path: "/tasks/T-1/cancel",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("server");
    expect(server.received).toHaveLength(1);
  });

  it("retries a POST after a 503, where the cloud did not act", async () => {
    server = await startVerifyingServer(secrets, (_req, res, i) =>
      i === 0 ? json(res, 503, { code: "ServiceUnavailable" }) : json(res, 200, {}),
    );
    const res = await createSignedClient(fakeTime().options).request({
      ...ackGet(server.url),
      operation: "ResumeTask",
      method: "POST",
      path: "/tasks/T-1/resume",
    });
    expect(res.attempts).toBe(2);
  });

  it("gives up after the attempt cap with the last error and the attempt count", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 502, { code: "BadGateway" }),
    );
    const time = fakeTime();
    const error = (await createSignedClient({ ...time.options, retry: { maxAttempts: 3 } })
      .request(ackGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe("server");
    expect(error.attempts).toBe(3);
    expect(server.received).toHaveLength(3);
    expect(time.sleeps).toEqual([100, 200]);
  });

  it("times out an attempt with no answer, retries it, and reports a timeout", async () => {
    server = await startVerifyingServer(secrets, () => "hang");
    const error = (await createSignedClient({
      timeoutMs: 50,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    })
      .request(huaweiGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  it("makes exactly one attempt on a 401, with the provider's code, message and request id", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 401, {
        error_code: "APIG.0301",
        error_msg: "Incorrect IAM authentication information",
        request_id: "rid-401",
      }),
    );
    const time = fakeTime();
    const error = (await createSignedClient(time.options)
      .request(huaweiGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(server.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(error).toMatchObject({
      kind: "auth",
      status: 401,
      code: "APIG.0301",
      providerMessage: "Incorrect IAM authentication information",
      requestId: "rid-401",
      attempts: 1,
    });
  });

  it("never retries an Alibaba signature error, whatever its status", async () => {
    server = await startVerifyingServer(secrets, (_req, res) =>
      json(res, 400, { code: "SignatureDoesNotMatch", message: "mismatch", requestId: "rid-ali" }),
    );
    const error = (await createSignedClient(fakeTime().options)
      .request(ackGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe("auth");
    expect(error.requestId).toBe("rid-ali");
    expect(server.received).toHaveLength(1);
  });

  it("refuses a redirect: one attempt, a client error with the 3xx status, nothing sent elsewhere", async () => {
    server = await startVerifyingServer(secrets, (_req, res) => {
      res.writeHead(302, { location: "https://elsewhere.example/api" });
      res.end();
    });
    const error = (await createSignedClient(fakeTime().options)
      .request(huaweiGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: "client", status: 302, attempts: 1 });
  });

  it("keeps the first 2 KB of a non-JSON error body", async () => {
    const html = `<html><body>${"Bad Gateway ".repeat(400)}</body></html>`;
    server = await startVerifyingServer(secrets, (_req, res) => {
      res.writeHead(400, { "content-type": "text/html" });
      res.end(html);
    });
    const error = (await createSignedClient(fakeTime().options)
      .request(huaweiGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe("client");
    expect(error.rawBody).toBe(html.slice(0, 2048));
    expect(error.providerMessage).toBe("error body is not JSON");
  });

  it("reports a 200 whose body is not JSON as a parse error with the raw body", async () => {
    server = await startVerifyingServer(secrets, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"items": [');
    });
    const error = (await createSignedClient(fakeTime().options)
      .request(huaweiGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe("parse");
    expect(error.rawBody).toBe('{"items": [');
    expect(server.received).toHaveLength(1);
  });

  it("reports a refused connection as a network error after retrying", async () => {
    server = await startVerifyingServer(secrets, () => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const time = fakeTime();
    const error = (await createSignedClient({ ...time.options, retry: { maxAttempts: 2 } })
      .request(huaweiGet(url))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe("network");
    expect(error.attempts).toBe(2);
  });
});

describe("secrets", () => {
  it("keeps the SK, token and Authorization header out of error messages and toJSON", async () => {
    server = await startVerifyingServer(secrets, (req, res) =>
      json(res, 403, { code: "Forbidden.RAM", message: `echo ${req.headers.authorization}` }),
    );
    const error = (await createSignedClient(fakeTime().options)
      .request(ackGet(server.url))
      .catch((e: unknown) => e)) as ProviderError;
    const shown = [error.message, JSON.stringify(error), String(error.stack)].join("\n");
    expect(shown).not.toContain(ALI.sk);
    expect(shown).not.toContain(ALI.token);
    expect(error.kind).toBe("permission");
    expect(error.attempts).toBe(1);
  });
});
