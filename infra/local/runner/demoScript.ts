import type { ShepherdConfig } from "../../../shared/config/loadShepherdConfig.ts";
import type { PressReply } from "../sink/press.ts";
import type { SinkDelivery } from "../sink/server.ts";
import type { TappedEvent } from "./eventTap.ts";
import type { RolloutDemoRecord } from "./rolloutScript.ts";

/** What a demo scenario's script is given when the stack is up. */
export interface DemoScriptContext {
  /** The config the functions load, loaded the same way (inventory, rollouts, credentials). */
  shepherd: ShepherdConfig;
  /** The scenario clock. */
  now: () => Date;
  /** A line on the timeline, at the scenario clock. */
  say: (line: string) => void;
  /** A rollout's status line on the timeline. */
  sayRollout: (line: string) => void;
  /** The demo's person presses one of our buttons (`action`) on a Slack message. */
  pressInSlack: (message: unknown, action: string) => Promise<PressReply>;
}

/**
 * The scripted part of a demo scenario, beside what the simulator plays by itself: what people
 * do (press a button, retry a failed upgrade) and what the runner shows between polls. Each
 * hook runs while the scenario clock holds still.
 */
export interface DemoScript {
  /** Every event on the bus. */
  onEvent?(e: TappedEvent): void;
  /** Every delivery the sink received. */
  onDelivery?(d: SinkDelivery): void;
  /** Before poll-status runs at `t`. */
  beforePoll?(t: Date): Promise<void>;
  /** After the run at `t` and the actions it asked for: the scripted steps. */
  afterPoll?(t: Date): Promise<void>;
  /** What the summary says of the story's outcome, and the record a test asserts on. */
  finish?(): { outcome: string[]; rollout?: RolloutDemoRecord };
}
