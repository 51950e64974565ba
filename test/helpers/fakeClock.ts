/**
 * A clock that only moves when told to, and a sleep that moves it instead of waiting: retries
 * with backoff and Retry-After run instantly, and the waits they asked for can be asserted.
 */
export interface FakeClock {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
  /** Every sleep asked for, in order. */
  waits: number[];
}

export function fakeClock(startMs: number): FakeClock {
  let t = startMs;
  const waits: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
    waits,
  };
}
