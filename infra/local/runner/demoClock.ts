import type { Clock } from "../simulator/clock.ts";

export interface DemoClockOptions {
  /** Scenario time while the clock has not yet run. */
  startAt: Date;
  /** Scenario milliseconds per wall millisecond, while it runs. */
  speed: number;
  /** The wall clock, injectable so the arithmetic can be tested. */
  wallNow?: () => number;
}

/** A scenario clock that runs only when told to, and holds still otherwise. */
export interface DemoClock extends Clock {
  /** Runs at `speed` from where it stands. */
  run(): void;
  /** Stands still where it is, until `run` again. */
  hold(): void;
}

/**
 * The demo's scenario clock. It holds still until the functions are ready (serverless-offline
 * takes from a few seconds to most of a minute to start), and while each poll and the actions it
 * asks for run, so however slow the machine, the first poll sees the scenario from its
 * beginning and every scenario minute is read before the story moves on. At 30x, a clock that ran through a 20-second start
 * skipped the first ten scenario minutes and the Upgrade Started events in them.
 */
export function createDemoClock(options: DemoClockOptions): DemoClock {
  const wallNow = options.wallNow ?? Date.now;
  let held = options.startAt.getTime();
  let runningSince: number | undefined;
  const now = () =>
    runningSince === undefined ? held : held + (wallNow() - runningSince) * options.speed;
  return {
    now: () => new Date(now()),
    run: () => {
      runningSince ??= wallNow();
    },
    hold: () => {
      held = now();
      runningSince = undefined;
    },
  };
}
