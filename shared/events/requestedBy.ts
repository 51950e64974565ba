import * as z from "zod";

/**
 * Who pressed an action button in chat, and where. `userId` is the chat's own id (Slack `U…`/`W…`,
 * a Feishu `open_id`); a signed link cannot tell who opened it, so `channel: link` has no user.
 * Names and ids come from the vendor's signed callback, never from our token.
 */
export const RequestedBySchema = z
  .object({
    channel: z.enum(["slack", "feishu", "link"]),
    /** The receiver whose message carried the button (the token names it). */
    receiver: z.string().min(1),
    userId: z.string().min(1).max(64).nullable(),
    /** The chat's display or user name, as the callback gave it; null when unknown. */
    userName: z.string().min(1).max(200).nullable(),
  })
  .strict();
export type RequestedBy = z.infer<typeof RequestedBySchema>;
