import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { feishuSignature } from "../../../shared/chat/feishuRequest.ts";
import { FEISHU_PATH, SLACK_PATH } from "../../../shared/chat/routes.ts";
import { slackSignature } from "../../../shared/chat/slackRequest.ts";

/** What the chat answered the press. */
export interface PressReply {
  status: number;
  body: string;
}

interface SlackButton {
  action_id?: string;
  value?: string;
}

/** The action buttons of a Slack message as renderSlack lays them out (an actions block). */
export function slackButtons(message: unknown): SlackButton[] {
  const attachments = (message as { attachments?: { blocks?: unknown[] }[] }).attachments ?? [];
  return attachments.flatMap((a) =>
    (a.blocks ?? []).flatMap((b) => {
      const block = b as { type?: string; elements?: SlackButton[] };
      return block.type === "actions" ? (block.elements ?? []) : [];
    }),
  );
}

/**
 * Plays Slack when someone presses one of our buttons: a `block_actions` interaction payload,
 * form-encoded as `payload=<JSON>`, signed the way Slack signs (`v0` HMAC over
 * `v0:{timestamp}:{body}` with the app's Signing Secret), POSTed to the app's Request URL.
 */
export async function pressSlackButton(options: {
  message: unknown;
  /** `resume`, `cancel` or `postcheck`; the first button when absent. */
  action?: string;
  chatActionUrl: string;
  signingSecret: string;
  user: { id: string; username: string };
  responseUrl: string;
  now?: Date;
}): Promise<PressReply> {
  const buttons = slackButtons(options.message);
  const button = options.action
    ? buttons.find((b) => b.action_id === `shepherd-${options.action}`)
    : buttons[0];
  if (!button) throw new Error(`the Slack message has no ${options.action ?? ""} button`);
  const payload = {
    type: "block_actions",
    user: { id: options.user.id, username: options.user.username, name: options.user.username },
    api_app_id: "A0SHEPHERD1",
    team: { id: "T0SHEPHERD1", domain: "local" },
    container: { type: "message", is_ephemeral: false },
    trigger_id: "1.2.local",
    channel: { id: "C0SHEPHERD1", name: "upgrades" },
    response_url: options.responseUrl,
    actions: [
      {
        type: "button",
        action_id: button.action_id,
        block_id: "shepherd-actions",
        value: button.value,
        action_ts: String((options.now ?? new Date()).getTime() / 1000),
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  return post(url(options.chatActionUrl, SLACK_PATH), body, {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": slackSignature(options.signingSecret, timestamp, body),
  });
}

interface FeishuButtonJson {
  value?: { shepherd?: string };
  text?: { content?: string };
}

/** The callback buttons of a Feishu card as renderFeishu lays them out. */
export function feishuButtons(message: unknown): FeishuButtonJson[] {
  const elements = (message as { card?: { elements?: unknown[] } }).card?.elements ?? [];
  return elements.flatMap((e) => {
    const el = e as { tag?: string; actions?: FeishuButtonJson[] };
    return el.tag === "action" ? (el.actions ?? []).filter((a) => a.value?.shepherd) : [];
  });
}

/**
 * Plays Feishu when someone presses a callback button: a `card.action.trigger` callback (schema
 * 2.0), encrypted with the app's Encrypt Key (AES-256-CBC, key sha256(Encrypt Key), IV in front,
 * base64) and signed in the `X-Lark-*` headers as Feishu's "receive callbacks" page describes.
 */
export async function pressFeishuButton(options: {
  message: unknown;
  /** The button's label (`Resume now`); the first callback button when absent. */
  label?: string;
  chatActionUrl: string;
  encryptKey: string;
  verificationToken: string;
  openId: string;
  now?: Date;
}): Promise<PressReply> {
  const buttons = feishuButtons(options.message);
  const button = options.label
    ? buttons.find((b) => b.text?.content === options.label)
    : buttons[0];
  if (!button) throw new Error(`the Feishu card has no ${options.label ?? ""} callback button`);
  const now = options.now ?? new Date();
  const callback = {
    schema: "2.0",
    header: {
      event_id: `local-${randomBytes(8).toString("hex")}`,
      token: options.verificationToken,
      create_time: String(now.getTime() * 1000),
      event_type: "card.action.trigger",
      tenant_key: "local-tenant",
      app_id: "cli_local_shepherd",
    },
    event: {
      operator: { tenant_key: "local-tenant", open_id: options.openId },
      token: "c-local-card-token",
      action: { tag: "button", value: button.value },
      host: "im_message",
      context: { open_message_id: "om_local", open_chat_id: "oc_local" },
    },
  };
  const body = JSON.stringify({
    encrypt: encryptFeishu(JSON.stringify(callback), options.encryptKey),
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(8).toString("hex");
  return post(url(options.chatActionUrl, FEISHU_PATH), body, {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
    "x-lark-signature": feishuSignature(options.encryptKey, timestamp, nonce, body),
  });
}

export function encryptFeishu(plain: string, encryptKey: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

const url = (base: string, path: string): string =>
  new URL(path, base.endsWith("/") ? base : `${base}/`).toString();

async function post(
  target: string,
  body: string,
  headers: Record<string, string>,
): Promise<PressReply> {
  const res = await fetch(target, { method: "POST", headers, body });
  return { status: res.status, body: await res.text() };
}
