import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { isNotifiable } from "../notifiableType.ts";
import { DISCOVERY_PRESENTERS } from "./discoveryPresenters.ts";
import { LIFECYCLE_PRESENTERS } from "./lifecyclePresenters.ts";
import { OUTCOME_PRESENTERS } from "./outcomePresenters.ts";
import type { Presentation, PresentTable } from "./presentation.ts";
import { presentCredentialsAccepted } from "./presentCredentialsAccepted.ts";
import { presentPollFailed } from "./presentPollFailed.ts";
import { presentWeeklyDigest } from "./presentWeeklyDigest.ts";
import { QUIET_PRESENTERS } from "./quietPresenters.ts";
import { ROLLOUT_PRESENTERS } from "./rolloutPresenters.ts";

/** Every notified type, and how it reads. Missing a type here is a compile error. */
export const PRESENT: PresentTable = {
  ...LIFECYCLE_PRESENTERS,
  "Poll Failed": presentPollFailed,
  "Credentials Accepted": presentCredentialsAccepted,
  ...OUTCOME_PRESENTERS,
  ...ROLLOUT_PRESENTERS,
  ...DISCOVERY_PRESENTERS,
  "Weekly Digest": presentWeeklyDigest,
  ...QUIET_PRESENTERS,
};

/**
 * How an event reads. A type notify never receives (a due or internal event, shown by the CLI or
 * a test) reads as its detail-type, with nothing of its own.
 */
export function present(event: ShepherdEvent): Presentation {
  if (!isNotifiable(event.detailType)) {
    return { emoji: "ℹ️", title: event.detailType, tone: "muted", facts: [], texts: [] };
  }
  return (PRESENT[event.detailType] as (e: ShepherdEvent) => Presentation)(event);
}
