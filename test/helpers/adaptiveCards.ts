import { createRequire } from "node:module";
import type * as AdaptiveCardsModule from "adaptivecards";

/**
 * The `adaptivecards` package's ES build imports `swiper` (a peer dependency this project does
 * not install, for carousels in browsers); its UMD bundle has everything and runs in Node.
 */
const AC = createRequire(import.meta.url)(
  "adaptivecards/dist/adaptivecards.js",
) as typeof AdaptiveCardsModule;

export interface CardCheck {
  /** Parse warnings and errors (unknown element types, bad values, ...). */
  parseEvents: string[];
  /** `validateProperties` failures (required properties, too many actions, ...). */
  validationEvents: string[];
  /** The card as the library serializes it back: anything it did not understand is gone. */
  roundTrip: Record<string, unknown>;
}

/** Parses a card the way Adaptive Card hosts do, and reports every complaint. */
export function checkAdaptiveCard(card: object): CardCheck {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const parseEvents = Array.from(
    { length: context.eventCount },
    (_, i) => context.getEventAt(i).message,
  );
  const validationEvents = parsed.validateProperties().validationEvents.map((e) => e.message);
  return { parseEvents, validationEvents, roundTrip: parsed.toJSON() as Record<string, unknown> };
}
