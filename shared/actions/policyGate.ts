import type { Policy } from "../config/policy.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { actionSkipped, type OutcomeContext } from "./outcomeEvents.ts";

/** The policy field each action needs, and the value it needs in it. */
type Gated = Pick<Policy, "onFailure" | "onPause" | "postcheck">;

const shown = (value: string | boolean): string =>
  typeof value === "boolean" ? (value ? "on" : "off") : value;

/**
 * An action is opt-in twice: the policy the poll saw (the due event's `policy`) and the config
 * now must both hold `required` in `field`, so turning a policy off stops actions already on the
 * bus, and turning one on does not act on events decided before. A press (`pressed`) is the
 * policy's consent and passes. Returns the Action Skipped (reason `policy`) that says which view
 * refused, or null when the action may go on.
 */
export function policyGate<F extends keyof Gated>(
  ctx: OutcomeContext,
  gate: { field: F; saw: Gated[F]; now: Gated[F]; required: Gated[F]; pressed: boolean },
): ShepherdEvent | null {
  const { field, saw, now, required, pressed } = gate;
  if (pressed || (saw === required && now === required)) return null;
  return actionSkipped(
    ctx,
    "policy",
    `${field} is ${shown(now)} (the poll saw ${shown(saw)}); a ${ctx.action} needs "${shown(required)}" in both`,
  );
}
