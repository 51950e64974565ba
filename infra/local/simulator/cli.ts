import type { Simulator } from "./server.ts";

/** How the scenario clock relates to the wall clock, for the first line. */
export interface ClockStatement {
  /** Scenario milliseconds per wall millisecond. */
  speed: number;
  /** The wall clock; injectable so a test can pin it. */
  wallNow?: () => Date;
}

/**
 * The first stdout line of `upgrade-shepherd simulate`: what a script needs to point clients at
 * the simulator (`url`, the key pairs, the clusters and which key owns each) and, with `clock`,
 * the scenario time at a wall time and the speed, so `poll --simulator` can judge its windows
 * on the scenario's clock rather than today's.
 */
export function describeSimulator(sim: Simulator, clock?: ClockStatement): Record<string, unknown> {
  return {
    url: sim.url,
    credentials: sim.credentials.map(({ ak, sk }) => ({ ak, sk })),
    clusters: sim.clusters,
    rejectedCredentials: sim.rejectedCredentials.map(({ ak, sk }) => ({ ak, sk })),
    clusterCredentials: Object.fromEntries(
      sim.scenario.clusters.filter((c) => c.credentials).map((c) => [c.clusterId, c.credentials]),
    ),
    ...(clock
      ? {
          clock: {
            scenarioTime: sim.clock.now().toISOString(),
            wallTime: (clock.wallNow ?? (() => new Date()))().toISOString(),
            speed: clock.speed,
          },
        }
      : {}),
  };
}
