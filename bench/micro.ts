/**
 * Micro-benchmark of the signed client's own cost: signing per request, and warm requests
 * per second against a loopback server. Figures are reported beside a baseline measured in
 * the same run (a bare HMAC-SHA256, and the keep-alive transport with no signing), never as absolute claims.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createKeepAliveFetch, createSignedClient } from "../shared/client/index.ts";
import { signAlibaba } from "../shared/signing/alibaba.ts";
import { signHuawei } from "../shared/signing/huawei.ts";

const creds = { ak: "BENCHAK", sk: "bench-secret" };
const date = new Date("2026-11-22T08:00:00Z");
const url =
  "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/p/clusters/c/operation/upgrade/tasks?limit=10";

function perOpMicros(label: string, n: number, fn: (i: number) => unknown) {
  for (let i = 0; i < 2000; i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  return { label, us };
}

export async function runMicro(): Promise<Record<string, number>> {
  const n = 20_000;
  const hmac = perOpMicros("bare HMAC-SHA256", n, (i) =>
    createHmac("sha256", "k").update(`x${i}`).digest("hex"),
  );
  const hw = perOpMicros("signHuawei", n, () =>
    signHuawei({ method: "GET", url }, { credentials: creds, date, projectId: "p" }),
  );
  const ali = perOpMicros("signAlibaba", n, (i) =>
    signAlibaba(
      {
        method: "GET",
        url: "https://cs.cn-hangzhou.aliyuncs.com/api/v2/clusters/c/upgrade/status",
      },
      {
        credentials: creds,
        date,
        nonce: `n${i}`,
        action: "GetUpgradeStatus",
        version: "2015-12-15",
      },
    ),
  );

  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"items":[]}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const requests = 4000;
  const concurrency = 16;
  const rps = async (send: () => Promise<unknown>) => {
    let left = requests;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await send();
      }),
    );
    return requests / ((performance.now() - start) / 1000);
  };
  const plain = createKeepAliveFetch();
  const plainRps = await rps(async () =>
    (await plain(`${origin}/x`, { method: "GET", headers: {} })).text(),
  );
  const client = createSignedClient();
  const signedRps = await rps(() =>
    client.request({
      cloud: "huawei",
      operation: "ListUpgradeClusterTasks",
      method: "GET",
      endpoint: origin,
      path: "/api/v3/projects/p/clusters/c/operation/upgrade/tasks",
      credentials: creds,
      projectId: "p",
    }),
  );
  server.closeAllConnections();
  server.close();

  const rows: [string, string, string][] = [
    ["bare HMAC-SHA256 (baseline)", `${hmac.us.toFixed(2)} µs`, "1.00×"],
    ["signHuawei per request", `${hw.us.toFixed(2)} µs`, `${(hw.us / hmac.us).toFixed(1)}× HMAC`],
    [
      "signAlibaba per request",
      `${ali.us.toFixed(2)} µs`,
      `${(ali.us / hmac.us).toFixed(1)}× HMAC`,
    ],
    ["keep-alive transport, unsigned (baseline)", `${plainRps.toFixed(0)} req/s`, "1.00×"],
    [
      "signed client, warm, Huawei GET",
      `${signedRps.toFixed(0)} req/s`,
      `${(signedRps / plainRps).toFixed(2)}× unsigned`,
    ],
  ];
  console.log("\nSigned client micro-benchmark (loopback, concurrency 16)\n");
  for (const [a, b, c] of rows) console.log(`${a.padEnd(44)} ${b.padStart(14)}  ${c}`);
  return {
    hmacMicros: hmac.us,
    signHuaweiMicros: hw.us,
    signAlibabaMicros: ali.us,
    unsignedRps: plainRps,
    signedRps,
  };
}
