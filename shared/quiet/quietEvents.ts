import { clusterBase } from "../decide/clusterBase.ts";
import { catalogueEntry } from "../events/catalogue.ts";
import type { Silence, SilenceTargetRef, UnsilenceReason } from "../events/quietDetails.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { Upgrade } from "../model/snapshot.ts";

/** Where the events of one cluster's silences on one target come from. */
export interface QuietEventContext {
  cluster: ClusterRef;
  /** The upgrade as read in this run (null when there is none). */
  upgrade: Upgrade | null;
  window: Window;
  target: SilenceTargetRef;
}

/**
 * `Alerts Silenced`. Its id is (cluster, upgrade, target, and `key`): the `T` of the run that made
 * the silence (from its marker, so a retry of that run sends the same id), or for a dry run the
 * repeat bucket it is announced in.
 */
export function alertsSilenced(
  ctx: QuietEventContext,
  silence: Silence,
  upgradeId: string,
  key: readonly string[],
  dryRun: boolean,
): EventOf<"Alerts Silenced"> {
  return {
    detailType: "Alerts Silenced",
    time: ctx.window.t,
    detail: {
      ...base(ctx, "Alerts Silenced", upgradeId, ["quiet", ctx.target.name, ...key]),
      target: ctx.target,
      silence,
      dryRun,
    },
  };
}

/**
 * `Alerts Unsilenced`: one id per silence (cluster, its upgrade, target, silence id), so a
 * silence is announced as lifted once, whichever run lifts it.
 */
export function alertsUnsilenced(
  ctx: QuietEventContext,
  silence: Silence & { id: string },
  silencedUpgradeId: string,
  reason: UnsilenceReason,
  dryRun: boolean,
): EventOf<"Alerts Unsilenced"> {
  const key = ["quiet", ctx.target.name, silence.id, ...(dryRun ? ["dry-run"] : [])];
  return {
    detailType: "Alerts Unsilenced",
    time: ctx.window.t,
    detail: {
      ...base(ctx, "Alerts Unsilenced", silencedUpgradeId, key),
      target: ctx.target,
      silence,
      reason,
      silencedUpgradeId,
      dryRun,
    },
  };
}

function base(
  ctx: QuietEventContext,
  detailType: "Alerts Silenced" | "Alerts Unsilenced",
  upgradeId: string,
  key: readonly string[],
) {
  return clusterBase({
    cluster: ctx.cluster,
    upgrade: ctx.upgrade,
    upgradeId,
    window: ctx.window,
    detailType,
    severity: catalogueEntry(detailType).severity,
    key,
  });
}

/**
 * The comment (Alertmanager) or description (PagerDuty) of a new silence: what it is for and when
 * it ends, in words an on-call engineer reading the silence list understands, then the marker.
 */
export function silenceText(cluster: ClusterRef, upgrade: Upgrade, marker: string): string {
  const name = cluster.name ?? cluster.clusterId;
  const versions =
    upgrade.fromVersion && upgrade.toVersion
      ? `, ${upgrade.fromVersion} to ${upgrade.toVersion}`
      : upgrade.toVersion
        ? `, to ${upgrade.toVersion}`
        : "";
  return `Quiet while ${name} upgrades (${cluster.provider} ${cluster.region}${versions}). Lifted when the upgrade ends, fails or stalls; lapses by itself if upgrade-shepherd stops. ${marker}`;
}
