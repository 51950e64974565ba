import type { FetchLike } from "../client/transport.ts";
import { SilenceTargetError, type TargetFailureKind } from "../errors.ts";
import { type ResolveAll, vetHost } from "../net/addressPolicy.ts";
import { receiverAddressPolicy } from "../notify/urlPolicy.ts";
import { REDACTED } from "../redacted.ts";
import type { TargetAuth } from "./quietSecrets.ts";

export { SilenceTargetError, type TargetFailureKind };

/** What every target call shares: the one HTTP stack, the SSRF guard, and the run's deadline. */
export interface TargetHttp {
  /**
   * One keep-alive fetch per network policy (`createKeepAliveFetch({ lookup: guardedLookup(p, p) })`):
   * the SSRF guard again at connect time, so what was checked is what is dialled.
   */
  fetchFor: (allowPrivateNetwork: boolean) => FetchLike;
  /** The resolver the check-time guard uses (`systemLookup`, or a test's). */
  lookup: ResolveAll;
  /** The local stack only: plain http and loopback hosts (the sink on 127.0.0.1). */
  allowHttp: boolean;
  allowLoopback: boolean;
  /** The run's quiet deadline: no call starts after it, and one in flight is cut. */
  signal?: AbortSignal | undefined;
}

export interface TargetCall {
  target: string;
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  allowPrivateNetwork: boolean;
  /** Statuses that are success for this call (Alertmanager 200, Grafana 201/202, PagerDuty 201/204). */
  ok: readonly number[];
  /** Secret values to scrub from anything quoted back (an error body that echoes a header). */
  secrets: readonly (string | undefined)[];
}

const MAX_QUOTED = 300;

/**
 * One bounded request to a silence target: the URL vetted by the SSRF guard (https only, or http
 * on loopback in the local stack; every address public unless the target allows its private
 * network), the run's deadline and a per-request timeout, no redirects followed. Never retried:
 * the next run tries again, and an authentication failure must not be repeated. Returns the
 * status and body for a status in `ok`; throws a `SilenceTargetError` otherwise.
 */
export async function targetRequest(
  http: TargetHttp,
  call: TargetCall,
): Promise<{ status: number; body: string }> {
  const fail = (kind: TargetFailureKind, detail: string, status?: number, cause?: unknown) =>
    new SilenceTargetError(call.target, call.operation, kind, scrub(detail, call.secrets), {
      ...(status !== undefined ? { status } : {}),
      cause,
    });
  if (http.signal?.aborted) throw fail("deadline", "the run's time for silences was up");
  const url = new URL(call.url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && http.allowHttp)) {
    throw fail("url-policy", "plain http is refused outside the local stack: use https");
  }
  const policy = receiverAddressPolicy({
    allowLoopback: http.allowLoopback,
    allowPrivateNetwork: call.allowPrivateNetwork,
  });
  const verdict = await vetHost(url.hostname, policy, http.lookup);
  if (!verdict.ok) {
    throw fail(
      verdict.transient ? "network" : "url-policy",
      verdict.transient
        ? verdict.reason
        : `${verdict.reason}; set allowPrivateNetwork on the target to allow it`,
    );
  }
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = http.signal ? AbortSignal.any([timeout, http.signal]) : timeout;
  let status: number;
  let body: string;
  try {
    const fetch = http.fetchFor(call.allowPrivateNetwork || http.allowLoopback);
    const res = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal,
      redirect: "manual",
    });
    status = res.status;
    body = await res.text();
  } catch (error) {
    if (http.signal?.aborted) throw fail("deadline", "cut by the run's deadline", undefined, error);
    if (timeout.aborted) throw fail("timeout", `no answer within ${call.timeoutMs} ms`);
    // node-fetch's message repeats the URL: keep only the code.
    const code =
      (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
    throw fail("network", `network error (${typeof code === "string" ? code : "no code"})`);
  }
  if (call.ok.includes(status)) return { status, body };
  const quoted = body.replace(/\s+/g, " ").trim().slice(0, MAX_QUOTED);
  const detail = `HTTP ${status}${quoted ? `: ${quoted}` : ""}`;
  throw fail(kindOf(status), detail, status);
}

function kindOf(status: number): TargetFailureKind {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not-found";
  if (status >= 500) return "server";
  return "client";
}

function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** Parses a JSON answer with its schema; a body that does not fit is a `parse` failure. */
export function parseAnswer<T>(
  call: Pick<TargetCall, "target" | "operation">,
  body: string,
  parse: (value: unknown) => { success: true; data: T } | { success: false; error: unknown },
): T {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new SilenceTargetError(call.target, call.operation, "parse", "the answer is not JSON");
  }
  const result = parse(value);
  if (!result.success) {
    throw new SilenceTargetError(
      call.target,
      call.operation,
      "parse",
      "the answer is not the documented shape",
      { cause: result.error },
    );
  }
  return result.data;
}

/** What a shell needs to reach its target: the HTTP stack, the auth, the clock. */
export interface ShellDeps {
  http: TargetHttp;
  auth: () => Promise<TargetAuth>;
  now: () => Date;
}

/** One call of a shell: `path` is added to the target's `url`; `body` is sent as JSON. */
export type CallTarget = (
  operation: string,
  method: TargetCall["method"],
  path: string,
  ok: readonly number[],
  body?: unknown,
) => Promise<{ status: number; body: string }>;

/**
 * The one way a shell calls its target: the auth header (read once, when first needed), the
 * headers the API wants for the method, the target's timeout and network policy, and the secret
 * values to scrub from whatever comes back.
 */
export function targetCaller(
  target: { name: string; url: string; timeout: number; allowPrivateNetwork: boolean },
  deps: ShellDeps,
  headersFor: (method: TargetCall["method"], hasBody: boolean) => Record<string, string>,
): CallTarget {
  return async (operation, method, path, ok, body) => {
    const auth = await deps.auth();
    return targetRequest(deps.http, {
      target: target.name,
      operation,
      method,
      url: `${target.url}${path}`,
      headers: {
        ...headersFor(method, body !== undefined),
        ...(auth.authorization ? { authorization: auth.authorization } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: target.timeout,
      allowPrivateNetwork: target.allowPrivateNetwork,
      ok,
      secrets: auth.values,
    });
  };
}
