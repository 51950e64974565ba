import { backoffDelay, type RetryPolicy } from "../client/retry.ts";
import type { FetchInit, FetchLike } from "../client/transport.ts";
import { DeliveryError } from "../errors.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ButtonsByEvent } from "./actionButton.ts";
import { buildRequests, type OutgoingRequest } from "./buildRequests.ts";
import { findReceiver, type NotifyConfig, type Receiver } from "./config.ts";
import type { DeliveryRequested } from "./deliveryRequested.ts";
import { type Reply, type ReplyVerdict, readReply } from "./readReply.ts";
import { type ReceiverSecret, scrubSecret } from "./receiverSecret.ts";
import type { ResolveSecret } from "./receiverSecrets.ts";
import type { ReceiverType } from "./receiverType.ts";
import { checkUrl, type LookupAll } from "./urlPolicy.ts";

/**
 * In-invocation retries stay short: Lambda's async retry (about 1 and 3 minutes later) and the
 * on-failure destination take over after, for this receiver alone.
 */
export const DELIVERY_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  maxTotalMs: 20_000,
};

/** The subset of Powertools' Logger that deliver uses; every attribute is free of secrets. */
export interface DeliveryLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface DeliverDeps {
  /** `createKeepAliveFetch()` from shared/client/transport.ts. */
  fetch: FetchLike;
  resolveSecret: ResolveSecret;
  /** `systemLookup`, or a test's resolver. */
  lookup: LookupAll;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /**
   * The local stack (`isLocalStack()` from shared/config/runtime.ts): plain http and loopback
   * hosts are allowed, so the sink on 127.0.0.1 can be reached. Never set in the cloud.
   */
  allowHttp?: boolean;
  allowLoopback?: boolean;
  logger?: DeliveryLogger;
  /**
   * Signs the action buttons of a receiver with `actions` (shared/chat `createButtonMaker`).
   * When it fails (the chat secret cannot be read) the message goes out without buttons: an
   * alert is never held back for its buttons.
   */
  buttons?: ButtonMaker | undefined;
}

export type ButtonMaker = (
  receiver: Receiver,
  events: readonly ShepherdEvent[],
  now: Date,
) => Promise<ButtonsByEvent>;

interface ResultBase {
  deliveryId: string;
  receiver: string;
  channel: ReceiverType;
  eventIds: string[];
}

/**
 * - `delivered`: every request was accepted.
 * - `rejected`: the receiver (or the URL policy) refused for good; retrying cannot help, so it
 *   is logged and not thrown, and Lambda does not retry.
 * - `dropped`: nothing to send (the receiver left the config, or the channel has nothing to say).
 * Retryable failures are thrown as `DeliveryError` instead.
 */
export type DeliveryResult =
  | (ResultBase & { outcome: "delivered"; requests: number; attempts: number })
  | (ResultBase & {
      outcome: "rejected";
      status: number | undefined;
      code: string | undefined;
      reason: string;
      attempts: number;
    })
  | (ResultBase & { outcome: "dropped"; reason: string });

const quiet: DeliveryLogger = { info() {}, warn() {}, error() {} };

/**
 * Sends one delivery to one receiver: resolve its secret, check the URL, render and sign, POST,
 * and read the answer (a robot's 200 can hold an error). 429 and 5xx, network errors and a
 * robot's busy codes are retried here with backoff and Retry-After, then thrown as a retryable
 * `DeliveryError`, so Lambda's async retry and on-failure destination apply to this receiver
 * alone. Other 4xx are never retried.
 */
export async function deliver(
  delivery: DeliveryRequested,
  config: NotifyConfig,
  deps: DeliverDeps,
): Promise<DeliveryResult> {
  const logger = deps.logger ?? quiet;
  const policy: RetryPolicy = { ...DELIVERY_RETRY, ...deps.retry };
  const random = deps.random ?? Math.random;
  const base = {
    deliveryId: delivery.id,
    receiver: delivery.receiver,
    channel: delivery.channel,
    eventIds: delivery.eventIds,
  };
  const receiver = findReceiver(config, delivery.receiver);
  if (!receiver) {
    logger.warn("delivery dropped: receiver not in config", base);
    return { ...base, outcome: "dropped", reason: "the receiver is no longer configured" };
  }
  const log = { ...base, channel: receiver.type };
  const secret = await resolve(receiver, deps.resolveSecret);
  const buttons = await buttonsFor(receiver, delivery, deps, logger, log);
  const build = () =>
    buildRequests(receiver.type, delivery.events, secret, { now: deps.now(), buttons });
  const count = build().length;
  if (count === 0) {
    return {
      ...log,
      outcome: "dropped",
      reason: `${receiver.type} has nothing to send for these events`,
    };
  }
  const started = deps.now().getTime();
  let attempts = 0;
  const urlPolicy = {
    allowHttp: deps.allowHttp ?? false,
    allowLoopback: deps.allowLoopback ?? false,
    allowPrivateNetwork: receiver.allowPrivateNetwork,
  };
  for (let index = 0; index < count; index++) {
    const at = { ...log, request: index + 1, of: count };
    for (let attempt = 1; ; attempt++) {
      const req = build()[index] as OutgoingRequest;
      const check = await checkUrl(req.url, urlPolicy, deps.lookup);
      if (!check.ok && !check.transient) {
        logger.error("delivery refused by the URL policy", { ...at, reason: check.reason });
        return {
          ...log,
          outcome: "rejected",
          status: undefined,
          code: "url-policy",
          reason: check.reason,
          attempts,
        };
      }
      attempts++;
      const outcome = check.ok
        ? await send(req, receiver.timeout, deps.fetch)
        : { error: check.reason };
      const verdict =
        "error" in outcome
          ? networkVerdict(outcome.error)
          : readReply(receiver.type, outcome, deps.now());
      if (verdict.kind === "ok") {
        logger.info("delivery request accepted", { ...at, attempt });
        break;
      }
      const reason = scrubSecret(verdict.reason, secret);
      const facts = { ...at, attempt, status: verdict.status, code: verdict.code, reason };
      if (verdict.kind === "reject") {
        logger.error("delivery rejected", facts);
        return {
          ...log,
          outcome: "rejected",
          status: verdict.status,
          code: verdict.code,
          reason,
          attempts,
        };
      }
      const wait = verdict.retryAfterMs ?? backoffDelay(attempt, policy, random);
      const elapsed = deps.now().getTime() - started;
      if (verdict.later || attempt >= policy.maxAttempts || elapsed + wait > policy.maxTotalMs) {
        logger.warn("delivery failed; leaving it to Lambda's retry", facts);
        throw new DeliveryError(receiver.name, reason, {
          retryable: true,
          ...(verdict.status !== undefined ? { status: verdict.status } : {}),
        });
      }
      logger.info("delivery retrying", { ...facts, retryInMs: wait });
      await deps.sleep(wait);
    }
  }
  return { ...log, outcome: "delivered", requests: count, attempts };
}

async function buttonsFor(
  receiver: Receiver,
  delivery: DeliveryRequested,
  deps: DeliverDeps,
  logger: DeliveryLogger,
  log: Record<string, unknown>,
): Promise<ButtonsByEvent | undefined> {
  if (!receiver.actions || !deps.buttons) return undefined;
  try {
    return await deps.buttons(receiver, delivery.events, deps.now());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn("action buttons left out: they could not be signed", { ...log, reason });
    return undefined;
  }
}

/** A failure with no HTTP answer: a network error, a timeout, a host that did not resolve. */
function networkVerdict(reason: string): Extract<ReplyVerdict, { kind: "retry" }> {
  return {
    kind: "retry",
    status: undefined,
    code: undefined,
    reason,
    retryAfterMs: undefined,
    later: false,
  };
}

/**
 * A secret that cannot be read fails the delivery as retryable: after Lambda's retries it rests
 * in the on-failure queue, from where it can be redriven once the secret is fixed. The error
 * names the variable or secret id, never a value.
 */
async function resolve(receiver: Receiver, resolveSecret: ResolveSecret): Promise<ReceiverSecret> {
  try {
    return await resolveSecret(receiver);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DeliveryError(receiver.name, `its secret could not be resolved: ${message}`, {
      retryable: true,
    });
  }
}

/**
 * One POST with a timeout. Redirects are not followed (the SSRF guard checked this URL, not
 * wherever it points). A network error keeps only its code: node-fetch's message repeats the URL.
 */
async function send(
  req: OutgoingRequest,
  timeoutMs: number,
  fetch: FetchLike,
): Promise<Reply | { error: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const init: FetchInit = {
    method: "POST",
    headers: req.headers,
    body: req.body,
    signal: controller.signal,
    redirect: "manual",
  };
  try {
    const res = await fetch(req.url, init);
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: await res.text(),
    };
  } catch (error) {
    if (controller.signal.aborted) return { error: `no answer within ${timeoutMs} ms` };
    const code =
      (error as { code?: unknown; cause?: { code?: unknown } }).code ??
      (error as { cause?: { code?: unknown } }).cause?.code;
    return { error: `network error (${typeof code === "string" ? code : "no code"})` };
  } finally {
    clearTimeout(timer);
  }
}
