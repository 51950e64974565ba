import * as z from "zod";
import { PollErrorKindSchema } from "../events/pollDetails.ts";
import { ClusterRefSchema } from "../model/cluster.ts";

/**
 * A cluster the poller could not read, after the signed client's own retries (and, when it is
 * final, after the Poll Retry Requested attempts). The handler builds it from a ProviderError.
 */
export const PollFailureSchema = z
  .object({
    cluster: ClusterRefSchema,
    kind: PollErrorKindSchema,
    code: z.string().nullable(),
    message: z.string(),
    attempt: z.number().int().min(1),
    requestId: z.string().nullable().default(null),
    /** The credential set's name; auth failures sharing one are reported once. */
    credentialSet: z.string().nullable().default(null),
  })
  .strict();
export type PollFailure = z.input<typeof PollFailureSchema>;
