import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ButtonsByEvent } from "./actionButton.ts";
import { CLOUDEVENTS_CONTENT_TYPE, renderCloudEvent } from "./channels/cloudEvent.ts";
import { renderDingTalk } from "./channels/dingtalk.ts";
import { renderFeishu } from "./channels/feishu.ts";
import { renderPagerDuty } from "./channels/pagerduty.ts";
import { renderSlack } from "./channels/slack.ts";
import { renderTeams } from "./channels/teams.ts";
import { renderWebhook } from "./channels/webhook.ts";
import { renderWeCom } from "./channels/wecom.ts";
import type { ReceiverSecret } from "./receiverSecret.ts";
import type { ReceiverType } from "./receiverType.ts";
import { dingTalkSign, feishuSign, shepherdSignature } from "./signing.ts";

export const USER_AGENT = "upgrade-shepherd/0.1";

/** One HTTP POST, ready to send. It holds the secret URL: never log it. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface BuildContext {
  /** Signing time; each attempt is signed afresh, so a retry is never refused as a replay. */
  now: Date;
  /** Action buttons by event id (a receiver with `actions`); none when absent. */
  buttons?: ButtonsByEvent | undefined;
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "user-agent": USER_AGENT,
};

/**
 * The requests one delivery makes: render (pure), then sign with the receiver's secret.
 * DingTalk and WeCom put several events in one digest; other channels send one message per
 * event (routing gives them one event a delivery, but a receiver whose type changed since
 * routing still gets everything). PagerDuty can make several requests (a resolve per kind).
 */
export function buildRequests(
  type: ReceiverType,
  events: readonly ShepherdEvent[],
  secret: ReceiverSecret,
  ctx: BuildContext,
): OutgoingRequest[] {
  const [first] = events;
  if (!first) return [];
  if (type !== "dingtalk" && type !== "wecom" && events.length > 1) {
    return events.flatMap((e) => buildRequests(type, [e], secret, ctx));
  }
  const seconds = String(Math.floor(ctx.now.getTime() / 1000));
  const buttons = ctx.buttons ?? new Map();
  const buttonsOf = (e: ShepherdEvent) => buttons.get(e.detail.id) ?? [];
  const post = (body: unknown, url = secret.url, headers: Record<string, string> = {}) => ({
    url,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  switch (type) {
    case "slack":
      return [post(renderSlack(first, buttonsOf(first)))];
    case "teams":
      return [post(renderTeams(first, buttonsOf(first)))];
    case "wecom":
      return [post(renderWeCom(events, buttons))];
    case "dingtalk": {
      if (!secret.signingSecret) return [post(renderDingTalk(events, buttons))];
      const ms = String(ctx.now.getTime());
      const url = new URL(secret.url);
      url.searchParams.set("timestamp", ms);
      url.searchParams.set("sign", dingTalkSign(secret.signingSecret, ms));
      return [post(renderDingTalk(events, buttons), url.toString())];
    }
    case "feishu": {
      const message = renderFeishu(first, buttonsOf(first));
      if (!secret.signingSecret) return [post(message)];
      return [
        post({ timestamp: seconds, sign: feishuSign(secret.signingSecret, seconds), ...message }),
      ];
    }
    case "pagerduty":
      return renderPagerDuty(first).map((e) => post({ routing_key: secret.routingKey, ...e }));
    case "webhook":
      return [
        signed(
          JSON.stringify(renderWebhook(first)),
          first,
          secret,
          seconds,
          "application/json; charset=utf-8",
        ),
      ];
    case "cloudevents":
      return [
        signed(
          JSON.stringify(renderCloudEvent(first)),
          first,
          secret,
          seconds,
          CLOUDEVENTS_CONTENT_TYPE,
        ),
      ];
  }
}

function signingKey(secret: ReceiverSecret): string {
  if (!secret.signingSecret) throw new RangeError("a signed receiver has no signing secret");
  return secret.signingSecret;
}

/** The generic webhook's and CloudEvents' headers (README: "Verifying a generic webhook"). */
function signed(
  body: string,
  event: ShepherdEvent,
  secret: ReceiverSecret,
  timestamp: string,
  contentType: string,
): OutgoingRequest {
  return {
    url: secret.url,
    headers: {
      "content-type": contentType,
      "user-agent": USER_AGENT,
      "x-shepherd-id": event.detail.id,
      "x-shepherd-event": event.detailType,
      "x-shepherd-timestamp": timestamp,
      "x-shepherd-signature": shepherdSignature(signingKey(secret), timestamp, body),
    },
    body,
  };
}
