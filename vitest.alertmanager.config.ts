import { defineConfig } from "vitest/config";

/**
 * `npm run test:alertmanager`: the test against a real Alertmanager (Debian's
 * prometheus-alertmanager), which `npm test` leaves out because a fresh machine may not have it.
 * .ci/run installs the package and runs this after `npm test` (docs/quiet-during-upgrade.md).
 */
export default defineConfig({
  test: {
    include: ["test/alertmanager/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
