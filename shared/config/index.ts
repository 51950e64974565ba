export { clusterKey } from "../model/clusterIdentity.ts";
export { REDACTED, redacted } from "../redacted.ts";
export type { S3Like, SecretsManagerLike, SsmLike } from "./awsClients.ts";
export { type ClusterConfig, ClusterConfigSchema, RegionSchema } from "./clusterConfig.ts";
export { configJsonSchema } from "./configJsonSchema.ts";
export {
  type Config,
  type ConfigDocument,
  ConfigSchema,
  DEFAULT_BUS_NAME,
} from "./configSchema.ts";
export {
  CONFIG_SOURCE_VARIABLES,
  type ConfigSource,
  configSourceFromEnv,
} from "./configSource.ts";
export {
  CREDENTIAL_NAME_PATTERN,
  CredentialNameSchema,
  DEFAULT_CREDENTIALS,
} from "./credentialName.ts";
export { CredentialSets } from "./credentialSets.ts";
export { durationSchema, formatDuration, parseDuration } from "./duration.ts";
export { defaultEndpoint, EndpointSchema } from "./endpoint.ts";
export { type HealthProbe, HealthProbeSchema } from "./healthProbe.ts";
export { isInMaintenanceWindow } from "./isInMaintenanceWindow.ts";
export { type LoadConfigOptions, loadConfig } from "./loadConfig.ts";
export {
  CREDENTIALS_SECRET_PREFIX_VARIABLE,
  credentialNames,
  credentialsVariable,
  type LoadCredentialsOptions,
  loadCredentials,
  loadCredentialsFromEnv,
} from "./loadCredentials.ts";
export {
  type ConfigNeed,
  type ConfigSlice,
  type LoadShepherdConfigOptions,
  loadShepherdConfig,
  type ShepherdConfig,
} from "./loadShepherdConfig.ts";
export {
  type MaintenanceWindow,
  MaintenanceWindowSchema,
  TimeZoneSchema,
  WEEKDAYS,
  type Weekday,
} from "./maintenanceWindow.ts";
export { type ConfigFormat, type ParseConfigOptions, parseConfig } from "./parseConfig.ts";
export {
  mergePolicy,
  type Policy,
  type PolicyOverrides,
  PolicyOverridesSchema,
  PolicySchema,
} from "./policy.ts";
export { isValidPollInterval, POLL_INTERVALS_MS } from "./pollInterval.ts";
export { type PollSettings, PollSettingsSchema } from "./pollSettings.ts";
export { type ResolvedCluster, resolveClusters } from "./resolveClusters.ts";
export { isLocalStack } from "./runtime.ts";
export { readSecret, readSecretFromEnv, type SecretSpec } from "./secretStore.ts";
export {
  CONFIG_MAX_AGE_VARIABLE,
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "./shepherdConfigMiddleware.ts";
