import type { Policy } from "../config/policy.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Press } from "./actionDeps.ts";
import { actionSkipped, type OutcomeContext } from "./outcomeEvents.ts";

/** The policy field each action needs, and the value it needs in it. */
type Gated = Pick<Policy, "onFailure" | "onPause" | "postcheck">;

/** What each field must hold for its action to run: cancel, resume, postcheck. */
const REQUIRED: Gated = { onFailure: "cancel", onPause: "resume-in-window", postcheck: true };

const shown = (value: string | boolean): string =>
  typeof value === "boolean" ? (value ? "on" : "off") : value;

/**
 * An action is opt-in twice: the policy the poll saw (the due event's `policy`) and the config
 * now must both hold `REQUIRED[field]`, so turning a policy off stops actions already on the
 * bus, and turning one on does not act on events decided before. A press is the policy's
 * consent and passes. Returns the Action Skipped (reason `policy`) that says which view refused,
 * or null when the action may go on.
 */
export function policyGate<F extends keyof Gated>(
  ctx: OutcomeContext,
  field: F,
  views: { saw: Pick<Gated, F>; now: Pick<Gated, F>; press: Press | undefined },
): ShepherdEvent | null {
  const required = REQUIRED[field];
  const saw = views.saw[field];
  const now = views.now[field];
  if (views.press || (saw === required && now === required)) return null;
  return actionSkipped(
    ctx,
    "policy",
    `${field} is ${shown(now)} (the poll saw ${shown(saw)}); a ${ctx.action} needs "${shown(required)}" in both`,
  );
}
