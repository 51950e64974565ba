import * as z from "zod";

/**
 * Lower case, digits and inner hyphens, so a name maps one-to-one onto an environment variable
 * (`prod-huawei` -> `SHEPHERD_CREDENTIALS_PROD_HUAWEI`) and onto a Secrets Manager name.
 */
export const CREDENTIAL_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export const DEFAULT_CREDENTIALS = "default";

export const CredentialNameSchema = z.string().regex(CREDENTIAL_NAME_PATTERN, {
  error:
    'must be a credential set name: lower-case letters, digits and hyphens, like "prod-huawei"',
});
