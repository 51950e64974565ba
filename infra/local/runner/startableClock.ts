import {
  type AcceleratedClockOptions,
  type Clock,
  createAcceleratedClock,
} from "../simulator/clock.ts";

/** A clock that reads `startAt` until `start()`, then runs accelerated from there. */
export interface StartableClock extends Clock {
  start(): void;
}

/**
 * The demo's scenario clock. It stands still while serverless-offline starts, which takes from
 * a few seconds to most of a minute depending on the machine, so the first poll always sees the
 * scenario from its beginning: at 30x, a clock that ran during a 20-second start would skip the
 * first ten scenario minutes, and the Upgrade Started events in them.
 */
export function createStartableClock(options: AcceleratedClockOptions): StartableClock {
  let running: Clock | undefined;
  return {
    now: () => running?.now() ?? new Date(options.startAt),
    start: () => {
      running ??= createAcceleratedClock(options);
    },
  };
}
