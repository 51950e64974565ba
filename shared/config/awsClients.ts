import type { GetObjectCommand } from "@aws-sdk/client-s3";
import type { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { GetParameterCommand } from "@aws-sdk/client-ssm";

/**
 * The one AWS call each config store makes, typed by its SDK command, so a test passes a fake
 * that answers that command (AWS cannot be reached from a test) and production passes the SDK's
 * own client (`new SecretsManagerClient({})` and so on), which satisfies these as it is.
 */
export interface SecretsManagerLike {
  /** GetSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html */
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string | undefined }>;
}

export interface SsmLike {
  /** GetParameter: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
  send(command: GetParameterCommand): Promise<{ Parameter?: { Value?: string | undefined } }>;
}

export interface S3Like {
  /** GetObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html */
  send(
    command: GetObjectCommand,
  ): Promise<{ Body?: { transformToString(): Promise<string> } | undefined }>;
}

/**
 * For messages: an AWS SDK error carries its code in `name` (`ResourceNotFoundException`,
 * `AccessDeniedException`) and says what was refused in `message`; neither holds a secret value.
 */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.length > 300 ? `${error.message.slice(0, 297)}...` : error.message;
  return error.name === "Error" || !message ? message || error.name : `${error.name}: ${message}`;
}
