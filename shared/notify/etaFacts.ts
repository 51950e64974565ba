import type { Eta } from "../eta/estimateEta.ts";
import type { UpgradeStalledDetail } from "../events/lifecycleDetails.ts";
import type { Fact } from "./alertView.ts";
import { formatTime, humanDuration } from "./format.ts";

const basisText = (eta: Eta): string =>
  `from ${eta.basis === "cluster" ? "its" : "the fleet's"} last ${eta.samples} upgrade${eta.samples === 1 ? "" : "s"}`;

/**
 * The ETA of a running upgrade as one fact: `≈ 32m left, by 2025-03-01 10:30 UTC (usually 34m,
 * from its last 3 upgrades)`, or `overdue: 1h 10m in, usually 44m (…)`. None without an ETA.
 */
export function etaFacts(eta: Eta | null | undefined): Fact[] {
  if (!eta) return [];
  const value = eta.overdue
    ? `overdue: ${humanDuration(eta.elapsedMs)} in, usually ${humanDuration(eta.usualTotalMs)} (${basisText(eta)})`
    : `≈ ${humanDuration(eta.remainingMs)} left, by ${formatTime(eta.at)} (usually ${humanDuration(eta.usualTotalMs)}, ${basisText(eta)})`;
  return [{ label: "ETA", value }];
}

/**
 * What a stall was judged by. Against the usual duration (`stallAfter: auto`): the step, how
 * long it has run and how long it usually takes. Against silence: how long nothing moved.
 */
export function stallFacts(stall: UpgradeStalledDetail["stall"]): Fact[] {
  if (stall.judgedBy === "usual") {
    return [
      { label: "Step", value: stall.step ?? "the whole upgrade" },
      { label: "Running for", value: humanDuration(stall.runningForMs ?? 0) },
      { label: "Usually takes", value: humanDuration(stall.usualMs ?? 0) },
      {
        label: "Stalled after",
        value: `${humanDuration(stall.thresholdMs)} (twice the usual, at least 30m)`,
      },
      { label: "Last activity", value: formatTime(stall.lastActivityAt) },
    ];
  }
  return [
    { label: "No activity for", value: humanDuration(stall.stalledForMs) },
    { label: "Stall threshold", value: humanDuration(stall.thresholdMs) },
    { label: "Last activity", value: formatTime(stall.lastActivityAt) },
  ];
}
