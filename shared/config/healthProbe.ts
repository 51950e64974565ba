import * as z from "zod";
import { MAX_CHARS } from "./bounds.ts";
import { durationSchema, MINUTE_MS } from "./duration.ts";
import { parseUrl, urlProblem } from "./endpoint.ts";
import { strictObject } from "./strictObject.ts";

/** An HTTP check of a workload on the cluster, run after an upgrade succeeds. */
export const HealthProbeSchema = strictObject({
  url: z
    .string()
    .max(MAX_CHARS.url, { abort: true })
    .regex(/^https?:\/\//, { error: "must be a URL starting with https://" })
    .superRefine((value, ctx) => {
      const url = parseUrl(value);
      const problem = url ? urlProblem(url) : "is not a valid URL";
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    })
    .describe("An https URL to GET."),
  expectStatus: z
    .int()
    .min(100)
    .max(599)
    .default(200)
    .describe("The HTTP status that counts as healthy."),
  timeout: durationSchema({ min: 1, max: MINUTE_MS })
    .prefault("5s")
    .describe("How long to wait for the response."),
});
export type HealthProbe = z.infer<typeof HealthProbeSchema>;
