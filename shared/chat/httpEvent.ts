import * as z from "zod";

/**
 * A Lambda function URL request (payload format 2.0, the same as an HTTP API's): the raw path,
 * query, lower-cased headers and the body as sent, base64 when `isBase64Encoded`. Only what
 * chat-action reads.
 */
export const FunctionUrlEventSchema = z.object({
  version: z.literal("2.0"),
  rawPath: z.string(),
  rawQueryString: z.string().default(""),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});
export type FunctionUrlEvent = z.infer<typeof FunctionUrlEventSchema>;

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The body exactly as the sender's bytes, for signature checks. */
export function rawBody(event: FunctionUrlEvent): string {
  if (event.body === undefined) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

/** Header names are case-insensitive; function URLs send them lower-cased, tests may not. */
export function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** 401 with no detail: a bad, expired or foreign token, or a callback that does not verify. */
export const UNAUTHORIZED: HttpResponse = {
  statusCode: 401,
  headers: { "cache-control": "no-store" },
  body: "",
};

export const NOT_FOUND: HttpResponse = {
  statusCode: 404,
  headers: { "cache-control": "no-store" },
  body: "",
};

export const json = (body: unknown, statusCode = 200): HttpResponse => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  body: JSON.stringify(body),
});
