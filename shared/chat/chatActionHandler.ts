import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import * as z from "zod";
import { runPress } from "../actions/runPress.ts";
import { clientForTimeout } from "../client/clientForTimeout.ts";
import type { SignedClient } from "../client/index.ts";
import { createKeepAliveFetch, type FetchLike } from "../client/transport.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../config/shepherdConfigMiddleware.ts";
import { ClusterActionRequestedDetailSchema } from "../events/actionRequestedDetail.ts";
import { EVENT_SOURCE } from "../events/detailType.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import { plainText, slackText } from "../notify/markup.ts";
import { guardedLookup } from "../notify/urlPolicy.ts";
import { createTelemetry, MetricUnit, type Telemetry } from "../observability/telemetry.ts";
import { adapterOptions } from "../providers/target.ts";
import { parseApprovalEvent } from "../rollout/approvalTrigger.ts";
import { acceptPress, type PressAnswer, type PressRequest } from "./acceptPress.ts";
import type { ChatSecret, LoadChatSecret } from "./chatSecret.ts";
import { confirmationPage, PAGE_HEADERS, type PageFacts, resultPage } from "./confirmationPage.ts";
import { parseFeishuCallback, verifyFeishuSignature } from "./feishuRequest.ts";
import {
  type FunctionUrlEvent,
  FunctionUrlEventSchema,
  type HttpResponse,
  json,
  lowerHeaders,
  NOT_FOUND,
  rawBody,
  UNAUTHORIZED,
} from "./httpEvent.ts";
import type { GroupMembers } from "./mayPress.ts";
import { FEISHU_PATH, LINK_PATH, SLACK_PATH } from "./routes.ts";
import { replyToSlack, slackResponseUrlAllowed, slackUserGroupMembers } from "./slackApi.ts";
import { equalSignatures, parseSlackPress, verifySlackSignature } from "./slackRequest.ts";

export interface ChatActionDeps {
  eventBridge: EventBridgeLike;
  loadSecret: LoadChatSecret;
  /** For `response_url` replies and Slack's Web API. Default: keep-alive, private addresses refused. */
  fetch?: FetchLike;
  /** Slack's Web API base (tests and the local stack point it at the sink). */
  slackApiBase?: string;
  /** The local stack: a `response_url` on 127.0.0.1, health probes on loopback. */
  local?: boolean;
  client?: SignedClient;
  now?: () => Date;
  config?: ShepherdConfigMiddlewareOptions;
  telemetry?: Telemetry;
}

const ActionRequestedBusEventSchema = z.object({
  source: z.literal(EVENT_SOURCE),
  "detail-type": z.literal("Action Requested"),
  // Only a cluster's press comes back here: an approval's rule sends it to poll-status.
  detail: ClusterActionRequestedDetailSchema,
});

/**
 * chat-action, one function with two doors.
 *
 * - **Its function URL** takes the chats' callbacks: `POST /slack` (interactivity), `POST
 *   /feishu` (card callback), `GET /act?t=` (a signed link's confirmation page, which never acts)
 *   and `POST /act` (that page's button). Each is verified before its body is read beyond what
 *   verification needs; then the token, the receiver and the presser are checked, an `Action
 *   Requested` is published, and the chat is answered at once (Slack allows three seconds).
 * - **Its EventBridge rule** delivers that Action Requested back to it, and the press runs
 *   through the automatic actions' own guarded path (`runPress`); the outcome events go to the
 *   bus, and notify brings them to the channel. The bus, rather than a second invocation, makes
 *   the press asynchronous: the request is on the record before anything acts, the rule's retry
 *   policy, dead-letter queue and Lambda's async retries apply as for every action, and no token
 *   or `response_url` ever leaves this function.
 */
export function createChatActionHandler(deps: ChatActionDeps) {
  const telemetry = deps.telemetry ?? createTelemetry("chat-action");
  const now = deps.now ?? (() => new Date());
  const clientFor = clientForTimeout(deps.client);
  const fetch =
    deps.fetch ?? createKeepAliveFetch({ lookup: deps.local ? undefined : guardedLookup(false) });
  // One lookup (and its one-minute cache) per bot token, for as long as the container lives.
  let groups: { token: string | undefined; members: GroupMembers } | undefined;
  return middy<unknown, unknown, Error, ShepherdContext>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware(deps.config))
    .handler(async (event, context) => {
      const shepherd = context.shepherd;
      const bus = ActionRequestedBusEventSchema.safeParse(event);
      if (bus.success) return work(bus.data.detail, shepherd);
      const approval = parseApprovalEvent(event);
      if (approval) {
        // Its rule sends an approval to poll-status; one here is a rule out of date. Say so.
        telemetry.logger.warn("approval ignored: poll-status answers Approve wave", {
          eventId: approval.detail.id,
        });
        return { ignored: "approval" };
      }
      const http = FunctionUrlEventSchema.safeParse(event);
      if (!http.success) return NOT_FOUND;
      const answer = await route(http.data, shepherd);
      count(answer.outcome);
      return answer.response;
    });

  function groupsFor(token: string | undefined): GroupMembers {
    if (!groups || groups.token !== token) {
      groups = {
        token,
        members: slackUserGroupMembers({
          botToken: token,
          fetch,
          ...(deps.slackApiBase ? { apiBase: deps.slackApiBase } : {}),
        }),
      };
    }
    return groups.members;
  }

  function count(outcome: string): void {
    const metric = telemetry.metrics.singleMetric();
    metric.addDimensions({ outcome });
    metric.addMetric("Presses", MetricUnit.Count, 1);
  }

  async function route(
    event: FunctionUrlEvent,
    shepherd: ShepherdConfig,
  ): Promise<{ outcome: string; response: HttpResponse }> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/^\/+|\/+$/g, "");
    const secret = await deps.loadSecret();
    if (method === "POST" && path === SLACK_PATH) return slack(event, shepherd, secret);
    if (method === "POST" && path === FEISHU_PATH) return feishu(event, shepherd, secret);
    if ((method === "GET" || method === "POST") && path === LINK_PATH) {
      return link(event, method, shepherd, secret);
    }
    return { outcome: "not-found", response: NOT_FOUND };
  }

  async function slack(event: FunctionUrlEvent, shepherd: ShepherdConfig, secret: ChatSecret) {
    const raw = rawBody(event);
    const headers = lowerHeaders(event.headers);
    if (
      !secret.slackSigningSecret ||
      !verifySlackSignature(headers, raw, secret.slackSigningSecret, now())
    ) {
      return unauthorized("slack", "the request's signature does not verify");
    }
    const press = parseSlackPress(raw);
    if (!press) return { outcome: "ignored", response: { statusCode: 200, body: "" } };
    const pressed = await pressAndRecord(
      {
        token: press.token,
        by: { channel: "slack", userId: press.userId, userName: press.userName },
      },
      shepherd,
      secret,
    );
    if (!pressed) return unauthorized("slack", "the token is not ours, or expired");
    const text = pressed.published ? pressed.answer.message : UNRECORDED;
    if (press.responseUrl && slackResponseUrlAllowed(press.responseUrl, deps.local ?? false)) {
      await replyToSlack(fetch, press.responseUrl, slackText(text));
    }
    return { outcome: pressed.outcome, response: { statusCode: 200, body: "" } };
  }

  async function feishu(event: FunctionUrlEvent, shepherd: ShepherdConfig, secret: ChatSecret) {
    const key = secret.feishuEncryptKey;
    const verification = secret.feishuVerificationToken;
    if (!key || !verification) return unauthorized("feishu", "no Feishu app is configured");
    const raw = rawBody(event);
    const signed = verifyFeishuSignature(lowerHeaders(event.headers), raw, key, now());
    const callback = parseFeishuCallback(raw, key);
    // Saving the callback address, Feishu checks it with a challenge, which its own SDK answers
    // before any signature check: it is decrypted with our Encrypt Key and must carry our
    // Verification Token, and answering it acts on nothing. Everything else must be signed.
    if (callback?.kind === "url-verification" && equalSignatures(callback.token, verification)) {
      return { outcome: "url-verification", response: json({ challenge: callback.challenge }) };
    }
    if (!signed || !callback)
      return unauthorized("feishu", "the request's signature does not verify");
    if (callback.kind !== "press") return { outcome: "ignored", response: json({}) };
    if (!equalSignatures(callback.verificationToken, verification)) {
      return unauthorized("feishu", "the verification token does not match");
    }
    const pressed = await pressAndRecord(
      { token: callback.token, by: { channel: "feishu", userId: callback.openId, userName: null } },
      shepherd,
      secret,
    );
    if (!pressed) return unauthorized("feishu", "the token is not ours, or expired");
    const toast = !pressed.published
      ? { type: "error", content: UNRECORDED }
      : {
          type: pressed.answer.kind === "requested" ? "info" : "warning",
          content: plainText(pressed.answer.message),
        };
    return { outcome: pressed.outcome, response: json({ toast }) };
  }

  async function link(
    event: FunctionUrlEvent,
    method: string,
    shepherd: ShepherdConfig,
    secret: ChatSecret,
  ) {
    const token =
      method === "GET"
        ? new URLSearchParams(event.rawQueryString).get("t")
        : new URLSearchParams(rawBody(event)).get("t");
    const answer = await accept(
      { token, by: { channel: "link", userId: null, userName: null } },
      shepherd,
      secret,
    );
    if (answer.kind === "unauthorized")
      return unauthorized("link", "the token is not ours, or expired");
    const page = (statusCode: number, body: string): HttpResponse => ({
      statusCode,
      headers: PAGE_HEADERS,
      body,
    });
    if (answer.kind === "refused") {
      return {
        outcome: "refused",
        response: page(403, resultPage("Nothing was done", [answer.message])),
      };
    }
    if (method === "GET") {
      const d = answer.event.detail;
      const receiver = d.requestedBy.receiver;
      const expiresAt = new Date(d.expiresAt);
      const facts: PageFacts =
        d.action === "approve"
          ? { action: d.action, rollout: d.rollout, wave: d.wave, receiver, expiresAt }
          : {
              action: d.action,
              cluster: d.cluster,
              upgradeId: d.upgradeId,
              receiver,
              expiresAt,
              overrideWindow: d.overrideWindow,
            };
      return { outcome: "page", response: page(200, confirmationPage(facts, token ?? "")) };
    }
    if (!(await publish([answer.event], shepherd))) {
      return {
        outcome: "unrecorded",
        response: page(
          503,
          resultPage("Nothing was done", ["The press could not be recorded. Please try again."]),
        ),
      };
    }
    return { outcome: "requested", response: page(200, resultPage("Requested", [answer.message])) };
  }

  /**
   * A chat's press after its signature: the checks, and the Action Requested on the bus when
   * they pass. Null is a token that is not ours (401).
   */
  async function pressAndRecord(req: PressRequest, shepherd: ShepherdConfig, secret: ChatSecret) {
    const answer = await accept(req, shepherd, secret);
    if (answer.kind === "unauthorized") return null;
    const published = answer.kind === "requested" ? await publish([answer.event], shepherd) : true;
    return { answer, published, outcome: outcomeOf(answer, published) };
  }

  async function accept(
    req: PressRequest,
    shepherd: ShepherdConfig,
    secret: ChatSecret,
  ): Promise<PressAnswer> {
    const answer = await acceptPress(req, {
      config: shepherd.config,
      clusters: shepherd.clusters,
      tokenKey: secret.tokenKey,
      now: now(),
      groupMembers: groupsFor(secret.slackBotToken),
    });
    const who = { channel: req.by.channel, userId: req.by.userId };
    if (answer.kind === "requested") {
      telemetry.logger.info("press accepted", {
        ...who,
        receiver: answer.claims.receiver,
        action: answer.claims.action,
        ...(answer.claims.action === "approve"
          ? { rollout: answer.claims.rollout, wave: answer.claims.wave }
          : { cluster: answer.claims.cluster }),
        eventId: answer.event.detail.id,
      });
    } else if (answer.kind === "refused") {
      telemetry.logger.warn("press refused", { ...who, reason: answer.message });
    }
    return answer;
  }

  function unauthorized(channel: string, why: string) {
    telemetry.logger.warn("press unauthorized", { channel, why });
    return { outcome: "unauthorized", response: UNAUTHORIZED };
  }

  async function publish(events: ShepherdEvent[], shepherd: ShepherdConfig): Promise<boolean> {
    try {
      await publishEntries(
        deps.eventBridge,
        events.map((e) => toPutEventsEntry(e, shepherd.config.bus)),
      );
      return true;
    } catch (error) {
      telemetry.logger.error("publish failed", {
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /**
   * The press itself, from the bus: the cluster and the receiver as the config says now (a
   * window override needs the receiver's permission at press time and now), then `runPress`.
   */
  async function work(
    detail: z.infer<typeof ClusterActionRequestedDetailSchema>,
    shepherd: ShepherdConfig,
  ) {
    const { config, clusters, credentials } = shepherd;
    const cluster = clusters.find((c) => c.key === clusterKey(detail.cluster));
    const receiver = config.receivers.find((r) => r.name === detail.requestedBy.receiver);
    const overrideWindow = detail.overrideWindow && receiver?.actions?.overrideWindow === true;
    const { events } = await runPress(
      detail,
      {
        cluster,
        credentials,
        client: clientFor(config.poll.requestTimeout),
        now,
        adapters: adapterOptions(config.poll),
        probes: { allowLoopback: deps.local ?? false },
      },
      overrideWindow,
    );
    const published = await publishEntries(
      deps.eventBridge,
      events.map((e) => toPutEventsEntry(e, config.bus)),
    );
    for (const e of events) {
      telemetry.logger.info("outcome", {
        detailType: e.detailType,
        eventId: e.detail.id,
        requestedEventId: detail.id,
        cluster: detail.cluster,
        detail: e.detail,
      });
    }
    return {
      requestedEventId: detail.id,
      outcomes: events.map((e) => e.detailType),
      putEventsCalls: published.calls,
    };
  }
}

const UNRECORDED = "The press could not be recorded, so nothing was done. Please press again.";

function outcomeOf(answer: PressAnswer, published: boolean): string {
  if (answer.kind !== "requested") return answer.kind;
  return published ? "requested" : "unrecorded";
}
