import * as z from "zod";
import type { Provider } from "../model/cluster.ts";
import { MAX_CHARS } from "./bounds.ts";
import { ACK_HOSTS, CCE_HOSTS } from "./regionEndpoints.ts";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Plain http would send signed requests (and probe traffic) in the clear, so it is refused
 * everywhere except the loopback address the local simulator listens on. User info in a URL
 * would end up in logs, so it is refused too. Returns the problem, or undefined.
 */
export function urlProblem(url: URL): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https:// URL";
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return "must use https (http is allowed only for 127.0.0.1 or localhost, the local simulator)";
  }
  if (url.username || url.password) return "must not carry a user name or password";
  return undefined;
}

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A scheme, host and optional port, normalized to the URL's origin (no trailing slash). */
export const EndpointSchema = z
  .string()
  .max(MAX_CHARS.url, { abort: true })
  .regex(/^https?:\/\//, { error: "must be a URL starting with https://" })
  .transform((value, ctx) => {
    const url = parseUrl(value);
    const problem = url
      ? (urlProblem(url) ??
        (url.pathname !== "/" || url.search || url.hash
          ? "must be only scheme, host and port, with no path or query"
          : undefined))
      : "is not a valid URL";
    if (problem || !url) {
      ctx.addIssue({ code: "custom", message: problem ?? "is not a valid URL", input: value });
      return z.NEVER;
    }
    return url.origin;
  })
  .describe(
    "Overrides the API endpoint, e.g. for a private endpoint or the local simulator (http://127.0.0.1:PORT).",
  );

/**
 * The public endpoint of a region: `https://` and the host the official SDK's region map gives
 * (regionEndpoints.ts: CCE and CCE Autopilot share one host, ACK has its own). A region that is
 * not in the map (a region newer than the copy) keeps the documented pattern,
 * `cce.{region}.myhuaweicloud.com` or `cs.{region}.aliyuncs.com` (the latter is also the Alibaba
 * SDK's own fallback; the Huawei SDK refuses a region it does not list). A cluster's `endpoint`
 * overrides both.
 */
export function defaultEndpoint(provider: Provider, region: string): string {
  const host =
    provider === "ack"
      ? ((Object.hasOwn(ACK_HOSTS, region) ? ACK_HOSTS[region] : undefined) ??
        `cs.${region}.aliyuncs.com`)
      : ((Object.hasOwn(CCE_HOSTS, region) ? CCE_HOSTS[region] : undefined) ??
        `cce.${region}.myhuaweicloud.com`);
  return `https://${host}`;
}
