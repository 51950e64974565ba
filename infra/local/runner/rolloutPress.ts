import type { SignedClient } from "../../../shared/client/index.ts";
import type { Rollout } from "../../../shared/config/rollout.ts";
import type { ClusterRef } from "../../../shared/model/cluster.ts";
import { startUpgrade } from "../../../shared/providers/actions/startUpgrade.ts";
import type { ClusterTarget } from "../../../shared/providers/target.ts";
import type { SinkDelivery } from "../sink/server.ts";
import { DEMO_PRESSER } from "./demoPress.ts";
import type { TappedEvent } from "./eventTap.ts";

/** A wave that asked for approval (`Rollout Wave Ready`), as the bus carried it. */
interface WaveAsking {
  rollout: string;
  wave: string;
  firstClusters: ClusterRef[];
  /** Slack showed it to the demo's person. */
  shown: boolean;
  approved: boolean;
}

/** One approval the demo's person gave, for the summary and the test. */
export interface WaveApproval {
  rollout: string;
  wave: string;
  /** Scenario time of the approval, ISO. */
  at: string;
  /** How it was given: `started-by-hand` (UpgradeCluster on the wave's first cluster). */
  how: "started-by-hand";
  cluster: string;
}

export interface RolloutPress {
  /** Give it every event on the bus: `Rollout Wave Ready` names the wave and its first clusters. */
  onEvent(e: TappedEvent): void;
  /** Give it every sink delivery: the Slack message that shows the person the wave. */
  onDelivery(d: SinkDelivery): void;
  /** Approves every wave Slack has shown and nobody approved yet; says what it did. */
  approveShown(at: Date, say: (line: string) => void): Promise<WaveApproval[]>;
}

/**
 * The demo's person approving a rollout wave that asked in Slack. The chat Approve button is not
 * built (docs/rollouts.md, "Not yet"), so the person does what the product documents for now: a
 * wave with `approval: chat` waits until a person starts one of its upgrades, and counts as
 * approved once the cloud shows it begun. The person starts the wave's first cluster (the
 * `firstClusters` the message names) with UpgradeCluster, signed with the cluster's own key, as
 * the console would; the rollout's next run then raises Upgrade Due for the rest of the wave.
 */
export function createRolloutPress(deps: {
  rollouts: readonly Rollout[];
  targetOf: (cluster: ClusterRef) => ClusterTarget;
  client: SignedClient;
}): RolloutPress {
  const asking = new Map<string, WaveAsking>();
  const keyOf = (rollout: string, wave: string) => `${rollout}/${wave}`;
  return {
    onEvent: (e) => {
      if (e.detailType !== "Rollout Wave Ready") return;
      const d = e.detail as { rollout: string; wave: string; firstClusters: ClusterRef[] };
      const key = keyOf(d.rollout, d.wave);
      const known = asking.get(key);
      asking.set(key, {
        rollout: d.rollout,
        wave: d.wave,
        firstClusters: d.firstClusters,
        shown: known?.shown ?? false,
        approved: known?.approved ?? false,
      });
    },
    onDelivery: (d) => {
      if (d.path !== "/slack" || !/Rollout wave ready/i.test(d.body)) return;
      for (const w of asking.values()) {
        if (d.body.includes(`Rollout ${w.rollout}: wave ${w.wave}`)) w.shown = true;
      }
    },
    approveShown: async (at, say) => {
      const given: WaveApproval[] = [];
      for (const w of asking.values()) {
        if (!w.shown || w.approved) continue;
        const first = w.firstClusters[0];
        const rollout = deps.rollouts.find((r) => r.name === w.rollout);
        const version = first && rollout?.target[first.provider];
        if (!first || !version) continue;
        w.approved = true;
        const name = first.name ?? first.clusterId;
        const who = `${DEMO_PRESSER.username} (${DEMO_PRESSER.id})`;
        try {
          await startUpgrade(deps.targetOf(first), { client: deps.client }, version);
          say(
            `${who} approves wave ${w.wave} of ${w.rollout}: starts ${name}'s upgrade to ${version} by hand (UpgradeCluster, as the console does); the chat Approve button is not built yet`,
          );
          given.push({
            rollout: w.rollout,
            wave: w.wave,
            at: at.toISOString(),
            how: "started-by-hand",
            cluster: name,
          });
        } catch (error) {
          say(`${who} could not start ${name}'s upgrade: ${(error as Error).message}`);
        }
      }
      return given;
    },
  };
}
