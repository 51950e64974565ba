import * as z from "zod";
import type { DetailType } from "../events/detailType.ts";

/**
 * The detail-types notify can receive: the catalogue rows notified by default, or at warning
 * (Action Skipped). Due, internal and debug-only types never reach the notify rule, so naming
 * one in a route is a config error rather than a route that silently never fires. A test keeps
 * this list equal to the catalogue's.
 */
export const NOTIFIABLE_TYPES = [
  "Upgrade Started",
  "Upgrade Paused",
  "Upgrade Stalled",
  "Upgrade Succeeded",
  "Upgrade Failed",
  "Upgrade Cancelled",
  "Poll Failed",
  "Read Degraded",
  "Postcheck Passed",
  "Postcheck Failed",
  "Action Succeeded",
  "Action Skipped",
  "Action Failed",
  "Auto Actions Suspended",
] as const satisfies readonly DetailType[];

export const NotifiableTypeSchema = z.enum(NOTIFIABLE_TYPES);
export type NotifiableType = z.infer<typeof NotifiableTypeSchema>;

/**
 * Types whose events carry a `trigger`, and so can be a reminder (`trigger.kind: "repeat"`).
 * Poll Failed and Read Degraded are left out: every one of them is a repeat, so dropping their
 * repeats would drop them.
 */
export const REPEATABLE_TYPES = [
  "Upgrade Started",
  "Upgrade Paused",
  "Upgrade Stalled",
  "Upgrade Failed",
] as const satisfies readonly DetailType[];

export const RepeatableTypeSchema = z.enum(REPEATABLE_TYPES);

/** The lifecycle events that do not end an upgrade; `lifecycle: terminal` drops them. */
export const NON_TERMINAL_LIFECYCLE: readonly DetailType[] = [
  "Upgrade Started",
  "Upgrade Paused",
  "Upgrade Stalled",
];

export const isNotifiable = (type: string): type is NotifiableType =>
  (NOTIFIABLE_TYPES as readonly string[]).includes(type);
