import * as z from "zod";
import type { FetchLike } from "../client/transport.ts";
import type { GroupMembers } from "./mayPress.ts";

/** Slack's Web API; the local stack and tests point it at the sink. */
export const SLACK_API_BASE = "https://slack.com/api/";

const UsersListSchema = z.object({
  ok: z.boolean(),
  users: z.array(z.string()).optional(),
  error: z.string().optional(),
});

/**
 * `usergroups.users.list` (docs.slack.dev/reference/methods/usergroups.users.list, scope
 * `usergroups:read`): the user ids of a group. A failure (a bad token, a group that is gone)
 * counts as an empty group: the press is refused, never allowed by mistake. Answers are kept for
 * a minute, so a burst of presses asks once.
 */
export function slackUserGroupMembers(options: {
  botToken: string | undefined;
  fetch: FetchLike;
  apiBase?: string;
  now?: () => number;
}): GroupMembers {
  const cache = new Map<string, { at: number; users: readonly string[] }>();
  const now = options.now ?? Date.now;
  return async (group) => {
    const hit = cache.get(group);
    if (hit && now() - hit.at < 60_000) return hit.users;
    if (!options.botToken) return [];
    const url = new URL("usergroups.users.list", options.apiBase ?? SLACK_API_BASE);
    url.searchParams.set("usergroup", group);
    let users: readonly string[] = [];
    try {
      const res = await options.fetch(url.toString(), {
        method: "GET",
        headers: { authorization: `Bearer ${options.botToken}` },
        signal: AbortSignal.timeout(1500),
        redirect: "manual",
      });
      const body = UsersListSchema.safeParse(JSON.parse(await res.text()));
      if (res.status === 200 && body.success && body.data.ok) users = body.data.users ?? [];
    } catch {
      users = [];
    }
    cache.set(group, { at: now(), users });
    return users;
  };
}

/**
 * Whether a `response_url` from a verified payload is Slack's: https on hooks.slack.com
 * (docs.slack.dev, "Handling user interaction": response URLs look like
 * `https://hooks.slack.com/actions/…`). Locally, the sink's loopback URL.
 */
export function slackResponseUrlAllowed(url: string, local: boolean): boolean {
  try {
    const u = new URL(url);
    if (local && u.protocol === "http:" && u.hostname === "127.0.0.1") return true;
    return u.protocol === "https:" && u.hostname === "hooks.slack.com" && !u.username;
  } catch {
    return false;
  }
}

/**
 * Answers the presser through `response_url`: ephemeral (only they see it), leaving the alert as
 * it was. A failure is swallowed: the press is already on the bus, and its outcome goes to the
 * channel through notify like any other event.
 */
export async function replyToSlack(
  fetch: FetchLike,
  responseUrl: string,
  text: string,
): Promise<boolean> {
  try {
    const res = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
      signal: AbortSignal.timeout(1500),
      redirect: "manual",
    });
    return res.status < 300;
  } catch {
    return false;
  }
}
