/**
 * Our own signing vectors: the cases the published examples do not cover. The expected
 * Authorization values in fixtures/signing/vectors.json were computed by the official SDKs'
 * signers (scripts: test/signing/make-vectors.ts), never by our own code.
 */
export interface OwnVector {
  name: string;
  cloud: "huawei" | "alibaba";
  method: string;
  /** Scheme, host and optional port. */
  origin: string;
  /** Path segments, unencoded. */
  segments: string[];
  query: Record<string, string | string[]>;
  /** JSON body, sent as `JSON.stringify(body)`. */
  body?: unknown;
  ak: string;
  sk: string;
  token?: string;
  projectId?: string;
  action?: string;
  date: string;
  nonce?: string;
}

const hw = {
  ak: "HPUAEXAMPLEAK0000001",
  sk: "hwExampleSecretKey0123456789abcdefghijklm",
  date: "2026-11-22T08:15:30Z",
};
const ali = {
  ak: "LTAI5tExampleAccessKey",
  sk: "aliExampleSecret0123456789abcd",
  date: "2026-11-22T08:15:30Z",
  nonce: "5d0a4f8e-0c1b-4a6e-9d2f-0123456789ab",
};
const P = [
  "api",
  "v3",
  "projects",
  "0b7f5c3e1a",
  "clusters",
  "4d2c7e1a-91f3-11ef-a1b2-0255ac100b05",
];

export const ownVectors: OwnVector[] = [
  {
    name: "huawei GET list upgrade tasks with project id",
    cloud: "huawei",
    method: "GET",
    origin: "https://cce.cn-north-4.myhuaweicloud.com",
    segments: [...P, "operation", "upgrade", "tasks"],
    query: {},
    projectId: "0b7f5c3e1a",
    ...hw,
  },
  {
    name: "huawei GET with reserved characters and arrays in the query",
    cloud: "huawei",
    method: "GET",
    origin: "https://cce.ap-southeast-1.myhuaweicloud.com",
    segments: [...P, "operation", "upgradeworkflows"],
    query: {
      "name filter": "a b/c:d*e!f'g(h)i",
      status: ["Running", "Failed", "Init"],
      empty: "",
      unicode: "集群✓",
      tilde: "x~y.z-_",
    },
    projectId: "0b7f5c3e1a",
    ...hw,
  },
  {
    name: "huawei PATCH workflow cancel with body and explicit port",
    cloud: "huawei",
    method: "PATCH",
    origin: "http://127.0.0.1:18443",
    segments: ["autopilot", "v3", ...P.slice(2), "operation", "upgradeworkflows", "wf-01"],
    query: {},
    body: { status: { phase: "Cancel" } },
    projectId: "0b7f5c3e1a",
    ...hw,
  },
  {
    name: "huawei POST postcheck with temporary credentials",
    cloud: "huawei",
    method: "POST",
    origin: "https://cce.cn-east-3.myhuaweicloud.com:8443",
    segments: ["autopilot", "v3", ...P.slice(2), "operation", "postcheck"],
    query: {},
    body: {
      kind: "PostCheckTask",
      apiVersion: "v3",
      spec: { clusterID: "4d2c", clusterVersion: "v1.28", targetVersion: "v1.29" },
    },
    projectId: "0b7f5c3e1a",
    token: "gQpjbi1ub3J0aC00-EXAMPLE-SECURITY-TOKEN+/=",
    ...hw,
  },
  {
    name: "alibaba GET upgrade status",
    cloud: "alibaba",
    method: "GET",
    origin: "https://cs.cn-hangzhou.aliyuncs.com",
    segments: ["api", "v2", "clusters", "c82e6987e2961451182edacd74faf****", "upgrade", "status"],
    query: {},
    action: "GetUpgradeStatus",
    ...ali,
  },
  {
    name: "alibaba GET cluster tasks with reserved characters in the query and an explicit port",
    cloud: "alibaba",
    method: "GET",
    origin: "http://127.0.0.1:18443",
    segments: ["clusters", "c-with space", "tasks"],
    query: { page_size: "50", page_number: "1", filter: "a b/c:d*e!f'g(h)i~", unicode: "集群" },
    action: "DescribeClusterTasks",
    ...ali,
  },
  {
    name: "alibaba POST cancel task with an STS token and a body",
    cloud: "alibaba",
    method: "POST",
    origin: "https://cs.cn-beijing.aliyuncs.com",
    segments: ["tasks", "T-5faa48fb31b6b8078d000006", "cancel"],
    query: {},
    body: { reason: "upgrade failed: rolling back" },
    token: "CAIS+EXAMPLE/STS/TOKEN==",
    action: "CancelTask",
    ...ali,
  },
  {
    name: "alibaba POST legacy resume with an empty body",
    cloud: "alibaba",
    method: "POST",
    origin: "https://cs.cn-beijing.aliyuncs.com",
    segments: ["api", "v2", "clusters", "c1234", "upgrade", "resume"],
    query: {},
    action: "ResumeUpgradeCluster",
    ...ali,
  },
];
