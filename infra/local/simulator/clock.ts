/** The simulator's notion of "now": every state is computed from it, so tests and demos control time. */
export interface Clock {
  now(): Date;
}

/** A clock that only moves when told to, so tests never sleep. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

export function createTestClock(start: Date): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

export interface AcceleratedClockOptions {
  /** Scenario time at the moment the clock is created. */
  startAt: Date;
  /** Scenario milliseconds per wall millisecond: 60 plays an hour in a minute. */
  speed: number;
  /** The wall clock, injectable so the arithmetic can be tested. */
  wallNow?: () => number;
}

/** `startAt + (wall elapsed × speed)`: lets a demo show hour-long upgrades in minutes. */
export function createAcceleratedClock(options: AcceleratedClockOptions): Clock {
  const wallNow = options.wallNow ?? Date.now;
  const wallStart = wallNow();
  const start = options.startAt.getTime();
  return { now: () => new Date(start + (wallNow() - wallStart) * options.speed) };
}
