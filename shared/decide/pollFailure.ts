import * as z from "zod";
import { FailureSchema, RunAttemptSchema } from "../model/failure.ts";

/**
 * A cluster the poller could not read, as Poll Failed reports it: the parts of the one
 * `Failure` shape (`shared/model/failure.ts`) a person reads, and the run attempt that failed
 * last. `requestId` and `credentialSet` may be left out (null).
 */
export const PollFailureSchema = z
  .object({
    cluster: FailureSchema.shape.cluster,
    kind: FailureSchema.shape.kind,
    code: FailureSchema.shape.code,
    message: FailureSchema.shape.message,
    attempt: RunAttemptSchema,
    requestId: FailureSchema.shape.requestId.default(null),
    credentialSet: FailureSchema.shape.credentialSet.default(null),
  })
  .strict();
export type PollFailure = z.input<typeof PollFailureSchema>;
