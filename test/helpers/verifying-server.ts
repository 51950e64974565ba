/**
 * A loopback HTTP server that re-verifies every request's signature with the official SDKs'
 * signing code, then answers from a script. It lets the client's tests see exactly what went
 * on the wire, independent of our signer.
 */

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { alibabaSdkAuthorization, huaweiSdkAuthorization } from "./official-signers.ts";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  signatureValid: boolean;
}

/** Answers a request; returning "hang" leaves it unanswered, to test timeouts. */
export type Responder = (req: ReceivedRequest, res: ServerResponse, index: number) => unknown;

export interface VerifyingServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startVerifyingServer(
  secrets: Record<string, string>,
  respond: Responder,
): Promise<VerifyingServer> {
  const received: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const record = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers,
      body,
      signatureValid: verify(req.method ?? "", req.url ?? "", headers, body, secrets),
    };
    received.push(record);
    if (respond(record, res, received.length - 1) === "hang") hanging.push(res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

function verify(
  method: string,
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  secrets: Record<string, string>,
): boolean {
  const auth = headers.authorization ?? "";
  const url = new URL(rawUrl, `http://${headers.host}`);
  const signedNames = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]?.split(";") ?? [];
  const signedHeaders = Object.fromEntries(signedNames.map((n) => [n, headers[n] ?? ""]));
  if (auth.startsWith("SDK-HMAC-SHA256")) {
    const ak = /Access=([^,]+)/.exec(auth)?.[1] ?? "";
    const sk = secrets[ak];
    if (!sk) return false;
    const queryParams: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = queryParams[k];
      queryParams[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
    const { host, "x-sdk-date": sdkDate, ...rest } = signedHeaders;
    const expected = huaweiSdkAuthorization(
      {
        method,
        endpoint: `http://${host}${decodeURIComponent(url.pathname)}`,
        headers: { ...rest, "X-Sdk-Date": sdkDate ?? "" },
        queryParams,
        data: body ? JSON.parse(body) : undefined,
      },
      ak,
      sk,
    );
    return expected === auth;
  }
  if (auth.startsWith("ACS3-HMAC-SHA256")) {
    const ak = /Credential=([^,]+)/.exec(auth)?.[1] ?? "";
    const sk = secrets[ak];
    if (!sk) return false;
    const payload = createHash("sha256").update(body).digest("hex");
    if (payload !== headers["x-acs-content-sha256"]) return false;
    const expected = alibabaSdkAuthorization(
      {
        method,
        pathname: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: signedHeaders,
      },
      payload,
      ak,
      sk,
    );
    return expected === auth;
  }
  return false;
}
