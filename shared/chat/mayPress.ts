import type { RequestedBy } from "../events/requestedBy.ts";
import type { ReceiverActions } from "../notify/receiverActions.ts";

/** Members of a Slack user group, for `slackUserGroups` (`slackUserGroupMembers`). */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

/**
 * Whether this person may press on this receiver: `anyone-in-the-channel` (said explicitly),
 * a Slack user listed or in a listed user group, a Feishu open_id listed; a signed link only on
 * a receiver that said `anyone-with-the-link`. A Slack user group is asked only when the user is
 * not listed by id.
 */
export async function mayPress(
  actions: ReceiverActions,
  by: RequestedBy,
  groupMembers: GroupMembers,
): Promise<boolean> {
  const who = actions.pressedBy;
  if (by.channel === "link") return who === "anyone-with-the-link";
  if (who === "anyone-with-the-link") return false;
  if (who === "anyone-in-the-channel") return true;
  if (by.userId === null) return false;
  if (by.channel === "feishu") return who.feishuOpenIds.includes(by.userId);
  if (who.slackUsers.includes(by.userId)) return true;
  for (const group of who.slackUserGroups) {
    if ((await groupMembers(group)).includes(by.userId)) return true;
  }
  return false;
}
