import * as z from "zod";
import { CATALOGUE, type DetailType, type NotifiableType } from "../events/catalogue.ts";

export type { NotifiableType };

/**
 * The detail-types notify can receive: the registry's rows notified by default, or at warning
 * (Action Skipped), derived from `events/catalogue.ts`. Due, internal and debug-only types never
 * reach the notify rule, so naming one in a route is a config error rather than a route that
 * silently never fires. A packaging test keeps the notify rule's pattern equal to this list.
 */
export const NOTIFIABLE_TYPES = CATALOGUE.filter((e) => e.notify !== "no").map(
  (e) => e.detailType,
) as [NotifiableType, ...NotifiableType[]];

export const NotifiableTypeSchema = z.enum(NOTIFIABLE_TYPES);

/**
 * Types whose events carry a `trigger`, and so can be a reminder (`trigger.kind: "repeat"`).
 * Poll Failed is left out: every Poll Failed is a repeat, so dropping its repeats would drop it.
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
