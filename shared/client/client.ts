import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { ProviderError } from "../errors.ts";
import { nextRetry, type RetryPolicy } from "../retryPolicy.ts";
import { signAlibaba } from "../signing/alibaba.ts";
import { buildQuery, encodePath } from "../signing/encode.ts";
import { signHuawei } from "../signing/huawei.ts";
import { classifyStatus, permissionMessage, readErrorBody, requestIdHeader } from "./classify.ts";
import { DEFAULT_RETRY, isRetryable, parseRetryAfter } from "./retry.ts";
import { createKeepAliveFetch, type FetchLike, type FetchResponse } from "./transport.ts";
import type { ProviderRequest, ProviderResponse } from "./types.ts";

export const DEFAULT_TIMEOUT_MS = 10_000;
export const ACK_API_VERSION = "2015-12-15";

/** What the client reports about each attempt: safe to log, with no header or key in it. */
export interface AttemptInfo {
  operation: string;
  attempt: number;
  status: number | undefined;
  kind: ProviderError["kind"] | "ok";
  /** The wait before the next attempt, when there is one. */
  retryInMs: number | undefined;
}

export interface SignedClientOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  nonce?: () => string;
  random?: () => number;
  /** Waits between attempts; the default stops early, rejecting, when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onAttempt?: (info: AttemptInfo) => void;
  userAgent?: string;
}

/** Per call: what only the caller of one request knows. */
export interface RequestOptions {
  /**
   * Aborts the call: no attempt starts after it fires, the one in flight is cut, and the call
   * rejects with the signal's reason (not a `ProviderError`). The poller's run deadline.
   */
  signal?: AbortSignal | undefined;
  /** Told of each attempt of this call as it ends, like `SignedClientOptions.onAttempt`. */
  onAttempt?: ((info: AttemptInfo) => void) | undefined;
}

export interface SignedClient {
  request(req: ProviderRequest, options?: RequestOptions): Promise<ProviderResponse>;
}

/**
 * The one module that talks to the clouds: it signs, sends, times out, retries what is safe to
 * retry, and turns every failure into a `ProviderError`.
 */
export function createSignedClient(options: SignedClientOptions = {}): SignedClient {
  const fetch = options.fetch ?? createKeepAliveFetch();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? randomUUID;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) =>
      delay(ms, undefined, { signal }).catch(() => signal?.throwIfAborted()));
  const userAgent = options.userAgent ?? "upgrade-shepherd/0.1";

  async function attemptOnce(
    req: ProviderRequest,
    signal: AbortSignal | undefined,
  ): Promise<{ res: FetchResponse; raw: string }> {
    signal?.throwIfAborted();
    const query = buildQuery(req.query);
    const url = `${req.endpoint.replace(/\/+$/, "")}${encodePath(req.path)}${query ? `?${query}` : ""}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const signable = { method: req.method, url, body };
    const signed =
      req.cloud === "huawei"
        ? signHuawei(signable, {
            credentials: req.credentials,
            date: now(),
            projectId: req.projectId,
          })
        : signAlibaba(signable, {
            credentials: req.credentials,
            date: now(),
            nonce: nonce(),
            action: req.operation,
            version: req.version ?? ACK_API_VERSION,
          });
    const headers = { ...signed.headers, accept: "application/json", "user-agent": userAgent };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // A redirect is never followed: the request is signed for this host and path.
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        signal: signal ? AbortSignal.any([controller.signal, signal]) : controller.signal,
        redirect: "manual",
      });
      return { res, raw: await res.text() };
    } catch (cause) {
      signal?.throwIfAborted();
      const kind = controller.signal.aborted ? "timeout" : "network";
      throw new ProviderError({
        cloud: req.cloud,
        operation: req.operation,
        kind,
        providerMessage:
          kind === "timeout" ? `no answer within ${timeoutMs} ms` : errorMessage(cause),
        cause,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function request(
    req: ProviderRequest,
    call: RequestOptions = {},
  ): Promise<ProviderResponse> {
    const started = now().getTime();
    const report = (info: AttemptInfo) => {
      options.onAttempt?.(info);
      call.onAttempt?.(info);
    };
    for (let attempt = 1; ; attempt++) {
      let failure: ProviderError;
      let retryAfterMs: number | undefined;
      try {
        const { res, raw } = await attemptOnce(req, call.signal);
        const outcome = readResponse(req, res, raw, attempt);
        if (!(outcome instanceof ProviderError)) {
          report({
            operation: req.operation,
            attempt,
            status: res.status,
            kind: "ok",
            retryInMs: undefined,
          });
          return outcome;
        }
        failure = outcome;
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), now());
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        failure = error;
      }
      const next = nextRetry(policy, attempt, now().getTime() - started, retryAfterMs, random);
      const wait = isRetryable(req.method, failure.kind, failure.status) ? next : null;
      report({
        operation: req.operation,
        attempt,
        status: failure.status,
        kind: failure.kind,
        retryInMs: wait ?? undefined,
      });
      if (wait === null) throw failure.withAttempts(attempt);
      await sleep(wait, call.signal);
      call.signal?.throwIfAborted();
    }
  }

  return { request };
}

function readResponse(
  req: ProviderRequest,
  res: FetchResponse,
  raw: string,
  attempts: number,
): ProviderResponse | ProviderError {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  let body: unknown = null;
  let parsed = true;
  if (raw.trim() !== "") {
    try {
      body = JSON.parse(raw);
    } catch {
      parsed = false;
    }
  }
  const fromBody = readErrorBody(body);
  const requestId = headers[requestIdHeader(req.cloud)] ?? fromBody.requestId;
  const base = { cloud: req.cloud, operation: req.operation, status: res.status, requestId };
  if (res.status >= 200 && res.status < 300) {
    if (!parsed) {
      return new ProviderError({
        ...base,
        kind: "parse",
        providerMessage: "response body is not JSON",
        rawBody: raw,
      });
    }
    return { status: res.status, headers, body, raw, requestId, attempts };
  }
  const kind = classifyStatus(res.status, fromBody.code);
  const said = fromBody.message ?? (parsed ? undefined : "error body is not JSON");
  return new ProviderError({
    ...base,
    kind,
    code: fromBody.code,
    providerMessage:
      kind === "permission" ? permissionMessage(req.cloud, req.operation, req.path, said) : said,
    rawBody: parsed ? undefined : raw,
  });
}

const errorMessage = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause);
