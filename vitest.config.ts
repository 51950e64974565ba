import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Needs Debian's prometheus-alertmanager: `npm run test:alertmanager` (vitest.alertmanager.config.ts).
    exclude: [...configDefaults.exclude, "test/alertmanager/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The functions' structured logs and metrics go to stdout; tests keep the output readable.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
