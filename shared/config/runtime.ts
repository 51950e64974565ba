/**
 * Facts about where the function runs. serverless-offline sets `IS_OFFLINE=true`: there, and
 * only there, health probes and webhooks may reach loopback (the local simulator and sink).
 */
export const isLocalStack = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.IS_OFFLINE === "true";

/** The process environment, for the few modules that take one passed in (receiver secrets). */
export const runtimeEnv = (): NodeJS.ProcessEnv => process.env;
