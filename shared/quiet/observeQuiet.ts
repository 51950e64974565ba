import { MetricUnit, type Telemetry } from "../observability/telemetry.ts";
import type { QuietCall } from "./runQuiet.ts";

/**
 * One log line per silence call (info when it worked or was a dry run, warn when it failed,
 * with the target, operation, kind, status and a message that names no URL or secret), and one
 * `SilenceCalls` count by target kind, operation and outcome.
 */
export function observeQuiet({ logger, metrics }: Telemetry, calls: readonly QuietCall[]): void {
  for (const c of calls) {
    const fields = {
      cluster: c.cluster,
      target: c.target.name,
      targetKind: c.target.kind,
      operation: c.operation,
      outcome: c.outcome,
      silenceId: c.silenceId,
      reason: c.reason,
      ...(c.error ? { kind: c.error.kind, status: c.error.status, problem: c.error.message } : {}),
    };
    if (c.outcome === "failed") logger.warn("silence call failed", fields);
    else if (c.operation !== "list") logger.info("silence call", fields);
    const single = metrics.singleMetric();
    single.addDimensions({ kind: c.target.kind, operation: c.operation, outcome: c.outcome });
    single.addMetric("SilenceCalls", MetricUnit.Count, 1);
  }
}
