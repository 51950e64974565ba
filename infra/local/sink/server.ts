import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AlertmanagerApi,
  type AlertmanagerApiOptions,
  createAlertmanagerApi,
} from "./alertmanagerApi.ts";
import {
  BehavioursSchema,
  badSignatureReply,
  duplicateReply,
  type PathBehaviour,
  PathBehaviourSchema,
  type ResolvedBehaviour,
  rateLimitedReply,
  type SinkReply,
  successReply,
} from "./behaviour.ts";
import { createPagerDutyApi, type PagerDutyApi, type PagerDutyApiOptions } from "./pagerDutyApi.ts";
import { type Verdict, verifyDingTalk, verifyFeishu, verifyShepherd } from "./verify.ts";

/** One request the sink received, and what it answered. */
export interface SinkDelivery {
  /** 1, 2, ... in arrival order across all paths. */
  seq: number;
  /** The sink's clock (injectable), ISO. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  /** `unchecked` when the path does not verify signatures. */
  signature: "valid" | "invalid" | "unchecked";
  signatureProblem?: string;
  /** For X-Shepherd signed paths: an earlier accepted delivery with the same X-Shepherd-Id. */
  duplicateOf?: number;
  reply: { status: number; body: string };
}

export interface StartWebhookSinkOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Per path (`/slack`, `/hooks/a`); the query string is ignored when matching. */
  behaviours?: Record<string, PathBehaviour>;
  /** For paths not listed. Default: a generic webhook that answers 200. */
  fallback?: PathBehaviour;
  /** Signature timestamps, the rate limit's minute, and `at`. Default: the wall clock. */
  now?: () => Date;
  /** Called after each delivery is recorded (the CLI prints it). */
  onDelivery?: (delivery: SinkDelivery) => void;
  /**
   * Play Alertmanager's API v2 silences under `prefix` (default `/alertmanager`), so a silence
   * target's `url` is `<sink>/alertmanager` (`alertmanagerApi.ts`).
   */
  alertmanager?: AlertmanagerApiOptions & { prefix?: string };
  /**
   * Play PagerDuty's REST maintenance windows under `prefix` (default `/pagerduty-api`), so a
   * target's `url` is `<sink>/pagerduty-api` (`pagerDutyApi.ts`).
   */
  pagerduty?: PagerDutyApiOptions & { prefix?: string };
}

/** A played API: its state and faults, and the URL a target names. */
export type PlayedApi<A> = A & { url: string; prefix: string };

export interface WebhookSink {
  url: string;
  port: number;
  /** Every request so far, oldest first. */
  deliveries: SinkDelivery[];
  urlFor(path: string): string;
  deliveriesTo(path: string): SinkDelivery[];
  setBehaviour(path: string, behaviour: PathBehaviour): void;
  clear(): void;
  close(): Promise<void>;
  /** Present when started with `alertmanager`. */
  alertmanager?: PlayedApi<AlertmanagerApi>;
  /** Present when started with `pagerduty`. */
  pagerduty?: PlayedApi<PagerDutyApi>;
}

interface PathState {
  behaviour: ResolvedBehaviour;
  /** Requests seen, for scripted replies. */
  count: number;
  /** Arrival times inside the rolling minute, for the rate limit. */
  recent: number[];
  /** X-Shepherd-Id -> seq of the first accepted delivery. */
  seenIds: Map<string, number>;
}

/**
 * The local stack's webhook receiver: listens on 127.0.0.1, records every delivery (path,
 * headers, body, time), and answers like the vendor the path imitates, including the errors
 * robots put in a 200 body, scripted status sequences, signature checks and rate limits.
 */
export async function startWebhookSink(
  options: StartWebhookSinkOptions = {},
): Promise<WebhookSink> {
  const now = options.now ?? (() => new Date());
  const fallback = PathBehaviourSchema.parse(options.fallback ?? {});
  const states = new Map<string, PathState>();
  const fresh = (behaviour: ResolvedBehaviour): PathState => ({
    behaviour,
    count: 0,
    recent: [],
    seenIds: new Map(),
  });
  for (const [path, b] of Object.entries(BehavioursSchema.parse(options.behaviours ?? {}))) {
    states.set(path, fresh(b));
  }
  const deliveries: SinkDelivery[] = [];
  const apis: { prefix: string; api: AlertmanagerApi | PagerDutyApi }[] = [];
  const am = options.alertmanager
    ? {
        api: createAlertmanagerApi(now, options.alertmanager),
        prefix: options.alertmanager.prefix ?? "/alertmanager",
      }
    : undefined;
  const pd = options.pagerduty
    ? {
        api: createPagerDutyApi(now, options.pagerduty),
        prefix: options.pagerduty.prefix ?? "/pagerduty-api",
      }
    : undefined;
  if (am) apis.push(am);
  if (pd) apis.push(pd);

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://sink.local");
    const at = now();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const delivery: SinkDelivery = {
      seq: deliveries.length + 1,
      at: at.toISOString(),
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: raw,
      json: parseJson(raw),
      signature: "unchecked",
      reply: { status: 0, body: "" },
    };
    const played = apis.find((a) => url.pathname.startsWith(`${a.prefix}/`));
    let reply: SinkReply;
    if (played) {
      reply = played.api.handle({
        method: delivery.method,
        path: url.pathname.slice(played.prefix.length),
        query: url.searchParams,
        headers,
        json: delivery.json,
      });
    } else {
      let state = states.get(url.pathname);
      if (!state) {
        state = fresh(fallback);
        states.set(url.pathname, state);
      }
      reply = answer(state, delivery, url.searchParams, at.getTime());
    }
    deliveries.push(delivery);
    send(res, reply, delivery);
    options.onDelivery?.(delivery);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    deliveries,
    urlFor: (path) => `${base}${path.startsWith("/") ? path : `/${path}`}`,
    deliveriesTo: (path) => deliveries.filter((d) => d.path === path),
    setBehaviour: (path, behaviour) => {
      states.set(path, fresh(PathBehaviourSchema.parse(behaviour)));
    },
    clear: () => {
      deliveries.length = 0;
      for (const [path, s] of states) states.set(path, fresh(s.behaviour));
      for (const a of apis) a.api.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    ...(am
      ? { alertmanager: Object.assign(am.api, { url: `${base}${am.prefix}`, prefix: am.prefix }) }
      : {}),
    ...(pd
      ? { pagerduty: Object.assign(pd.api, { url: `${base}${pd.prefix}`, prefix: pd.prefix }) }
      : {}),
  };
}

function answer(
  state: PathState,
  d: SinkDelivery,
  query: URLSearchParams,
  nowMs: number,
): SinkReply {
  const b = state.behaviour;
  state.count++;
  const scripted = b.replies[state.count - 1];
  if (b.verify) {
    const verdict = verifySignature(b, d, query, nowMs);
    d.signature = verdict.ok ? "valid" : "invalid";
    if (!verdict.ok) d.signatureProblem = verdict.reason;
  }
  if (scripted) return scripted;
  if (d.signature === "invalid") return badSignatureReply(b.vendor);
  if (b.rateLimit) {
    state.recent = state.recent.filter((t) => nowMs - t < 60_000);
    if (state.recent.length >= b.rateLimit.perMinute) return rateLimitedReply(b.vendor);
    state.recent.push(nowMs);
  }
  const id = d.headers["x-shepherd-id"];
  if (id && d.signature === "valid") {
    const first = state.seenIds.get(id);
    if (first !== undefined) {
      d.duplicateOf = first;
      return duplicateReply;
    }
    state.seenIds.set(id, d.seq);
  }
  return successReply(b.vendor, d.json);
}

function verifySignature(
  b: ResolvedBehaviour,
  d: SinkDelivery,
  query: URLSearchParams,
  nowMs: number,
): Verdict {
  const secret = b.verify?.secret ?? "";
  switch (b.vendor) {
    case "dingtalk":
      return verifyDingTalk(query, secret, nowMs, b.maxAgeSeconds);
    case "feishu":
      return verifyFeishu(d.json, secret, nowMs, b.maxAgeSeconds);
    default:
      return verifyShepherd(d.headers, d.body, secret, nowMs, b.maxAgeSeconds);
  }
}

function send(res: ServerResponse, reply: SinkReply, d: SinkDelivery): void {
  const body =
    reply.body === undefined
      ? ""
      : typeof reply.body === "string"
        ? reply.body
        : JSON.stringify(reply.body);
  const headers: Record<string, string> = {
    ...(typeof reply.body === "object" ? { "content-type": "application/json" } : {}),
    ...reply.headers,
  };
  d.reply = { status: reply.status, body };
  res.writeHead(reply.status, headers);
  res.end(body);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
