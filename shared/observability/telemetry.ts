import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Structured JSON logs and CloudWatch embedded-format metrics (Powertools), which cost no API
 * call at run time. One pair per function, created at module load; the level comes from
 * POWERTOOLS_LOG_LEVEL (DEBUG locally, where the runner reads the snapshots from the log).
 */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

export function createTelemetry(functionName: string): Telemetry {
  return {
    logger: new Logger({
      serviceName: "upgrade-shepherd",
      persistentKeys: { function: functionName },
    }),
    metrics: new Metrics({ namespace: "UpgradeShepherd", serviceName: "upgrade-shepherd" }),
  };
}

export { MetricUnit };
