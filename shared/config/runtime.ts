/**
 * Facts about where the function runs. serverless-offline sets `IS_OFFLINE=true`: there, and
 * only there, health probes and webhooks may reach loopback (the local simulator and sink).
 */
export const isLocalStack = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.IS_OFFLINE === "true";
