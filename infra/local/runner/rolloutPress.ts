import type { PressReply } from "../sink/press.ts";
import { slackButtons } from "../sink/press.ts";
import type { SinkDelivery } from "../sink/server.ts";
import { DEMO_PRESSER } from "./demoPress.ts";
import type { TappedEvent } from "./eventTap.ts";

/** A wave that asked for approval in Slack (`Rollout Wave Ready` with an Approve wave button). */
interface WaveAsking {
  rollout: string;
  wave: string;
  /** The Slack message that carries the button. */
  message: unknown;
  pressed: boolean;
}

/** One approval the demo's person gave, for the summary and the test. */
export interface WaveApproval {
  rollout: string;
  wave: string;
  /** Scenario time of the press, ISO. */
  at: string;
  /** chat-action's answer to the press. */
  status: number;
  /** The clusters poll-status found due for the approval (Upgrade Due with `requestedBy`). */
  due: string[];
  /** Why nothing starts, when poll-status answered the approval with Action Skipped. */
  skipped: string | null;
}

export interface RolloutPress {
  /** Give it every event on the bus: the approval's answers (Upgrade Due, Action Skipped). */
  onEvent(e: TappedEvent): void;
  /** Give it every sink delivery: the Slack message with the Approve wave button. */
  onDelivery(d: SinkDelivery): void;
  /** Presses Approve wave on every wave Slack asked about and nobody approved yet. */
  approveShown(at: Date, say: (line: string) => void): Promise<WaveApproval[]>;
}

/** How long the press waits for poll-status to answer the approval, in wall ms. */
const ANSWER_WAIT_MS = 30_000;

/**
 * The demo's person approving a rollout's wave in Slack: on the first Slack message of a
 * `Rollout Wave Ready` with the **Approve wave** button, the person presses it (signed as Slack
 * signs, `pressInSlack`). The press then travels the product's own path: chat-action publishes
 * Action Requested (`action: approve`), poll-status re-judges the rollout on fresh reads and
 * publishes Upgrade Due for the wave's first clusters (or one Action Skipped saying why nothing
 * starts), and start-upgrade starts them after the cloud's precheck. `approveShown` returns once
 * poll-status has answered (or after `ANSWER_WAIT_MS`); the runner then waits for start-upgrade.
 */
export function createRolloutPress(
  pressInSlack: (message: unknown, action: string) => Promise<PressReply>,
): RolloutPress {
  const asking = new Map<string, WaveAsking>();
  const answers = new Map<string, { due: string[]; skipped: string | null }>();
  const keyOf = (rollout: string, wave: string) => `${rollout}/${wave}`;
  return {
    onEvent: (e) => {
      const d = e.detail as {
        rollout?: string;
        wave?: string;
        requestedBy?: unknown;
        cluster?: { name?: string; clusterId: string };
        action?: string;
        message?: string;
      };
      if (d.rollout === undefined || d.wave === undefined) return;
      const answer = answers.get(keyOf(d.rollout, d.wave));
      if (!answer) return;
      if (e.detailType === "Upgrade Due" && d.requestedBy && d.cluster) {
        answer.due.push(d.cluster.name ?? d.cluster.clusterId);
      } else if (e.detailType === "Action Skipped" && d.action === "approve") {
        answer.skipped = d.message ?? "skipped";
      }
    },
    onDelivery: (d) => {
      if (d.path !== "/slack") return;
      if (!slackButtons(d.json).some((b) => b.action_id === "shepherd-approve")) return;
      const found = /Rollout ([A-Za-z0-9._-]+): wave ([A-Za-z0-9._-]+)/.exec(d.body);
      if (!found) return;
      const [, rollout = "", wave = ""] = found;
      const key = keyOf(rollout, wave);
      if (!asking.has(key)) asking.set(key, { rollout, wave, message: d.json, pressed: false });
    },
    approveShown: async (at, say) => {
      const given: WaveApproval[] = [];
      for (const [key, w] of asking) {
        if (w.pressed) continue;
        w.pressed = true;
        const answer = { due: [] as string[], skipped: null as string | null };
        answers.set(key, answer);
        const who = `${DEMO_PRESSER.username} (${DEMO_PRESSER.id})`;
        let reply: PressReply;
        try {
          reply = await pressInSlack(w.message, "approve");
        } catch (error) {
          say(`${who} could not press Approve wave in Slack: ${(error as Error).message}`);
          continue;
        }
        say(
          `${who} pressed Approve wave in Slack (wave ${w.wave} of ${w.rollout}): HTTP ${reply.status}`,
        );
        const until = Date.now() + ANSWER_WAIT_MS;
        while (answer.due.length === 0 && answer.skipped === null && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 50));
        }
        given.push({
          rollout: w.rollout,
          wave: w.wave,
          at: at.toISOString(),
          status: reply.status,
          // The same list: a second Upgrade Due of the same answer may cross the tap a moment later.
          due: answer.due,
          skipped: answer.skipped,
        });
      }
      return given;
    },
  };
}
