import * as z from "zod";
import type { ProviderResponse } from "../client/types.ts";
import { ProviderError, TimestampError } from "../errors.ts";
import type { Cloud } from "../model/cluster.ts";

/**
 * Parses a response body with its schema. A body that does not fit is a `parse` ProviderError
 * with the raw body attached (first 2 KB) and the first mismatch named, never a crash or a
 * silent default.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  response: ProviderResponse,
  cloud: Cloud,
  operation: string,
): z.infer<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(body)";
  throw parseError(response, cloud, operation, {
    message: `unexpected response: ${where}: ${issue?.message ?? "invalid"}`,
  });
}

/** Runs a mapping step; a timestamp it cannot read becomes a `parse` error with the raw body. */
export function mapOrThrow<T>(
  fn: () => T,
  response: ProviderResponse,
  cloud: Cloud,
  operation: string,
): T {
  try {
    return fn();
  } catch (cause) {
    if (!(cause instanceof TimestampError)) throw cause;
    throw parseError(response, cloud, operation, { message: cause.message, cause });
  }
}

/** A body we could not read: a `parse` ProviderError carrying the raw body (first 2 KB). */
const parseError = (
  response: ProviderResponse,
  cloud: Cloud,
  operation: string,
  why: { message: string; cause?: unknown },
): ProviderError =>
  new ProviderError({
    cloud,
    operation,
    kind: "parse",
    status: response.status,
    requestId: response.requestId,
    providerMessage: why.message,
    rawBody: response.raw,
    ...(why.cause === undefined ? {} : { cause: why.cause }),
  });

/**
 * A list field as the clouds send it: an array, or `null` / absent for none, or a single object
 * where the SDK models the field as one (huaweicloud-sdk-go-v3 `ListUpgradeWorkFlowsResponse.Items`
 * is `*UpgradeWorkFlow`, while the API page calls it a list). An empty object is no item: Go
 * prints a zero struct that way. Always parsed to an array.
 */
export function listForm<S extends z.ZodType>(item: S) {
  return z.preprocess((value) => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value;
    if (typeof value === "object" && Object.keys(value).length === 0) return [];
    return [value];
  }, z.array(item));
}
