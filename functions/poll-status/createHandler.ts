import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import type { SignedClient } from "../../shared/client/index.ts";
import { statusBucketFrom, statusDirFrom } from "../../shared/config/statusBucket.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { lambdaReadTime } from "../../shared/poll/deadline.ts";
import { handlePoll } from "../../shared/poll/handlePoll.ts";
import { parsePollEvent } from "../../shared/poll/pollEvent.ts";
import { parseDigestEvent } from "../../shared/status/digestTrigger.ts";
import { fileStatusStore } from "../../shared/status/fileStatusStore.ts";
import { handleDigest } from "../../shared/status/handleDigest.ts";
import { type StatusStore, s3StatusStore } from "../../shared/status/statusStore.ts";

export interface PollStatusDeps extends ShepherdHandlerDeps {
  client?: SignedClient;
  now?: () => Date;
  /** Where the status page goes; default the stack's bucket (`SHEPHERD_STATUS_BUCKET`), if set. */
  statusStore?: StatusStore;
}

/**
 * poll-status: the schedule, a shard request or a retry request in; events on the bus out. It
 * reads the inventory with its credentials, and publishes as it goes (`handlePoll`).
 */
export function createPollStatusHandler(deps: PollStatusDeps = {}) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const bucket = statusBucketFrom();
  const dir = statusDirFrom();
  const statusStore =
    deps.statusStore ?? (bucket ? s3StatusStore(bucket) : dir ? fileStatusStore(dir) : undefined);
  return shepherdHandler(
    {
      name: "poll-status",
      needs: ["inventory", "credentials"],
      // The weekly digest's schedule, or the poll's own inputs.
      parse: (event: unknown) => parseDigestEvent(event) ?? parsePollEvent(event),
      run: async (trigger, shepherd, { eventBridge, telemetry, lambdaContext }) => ({
        summary:
          trigger.kind === "digest"
            ? await handleDigest(trigger, shepherd.config, {
                eventBridge,
                statusStore,
                statusBucket: bucket,
              })
            : await handlePoll(trigger, shepherd, {
                client: clientFor(shepherd.config.poll.requestTimeout),
                eventBridge,
                now,
                telemetry,
                // Lambda's remaining time less a margin for publishing (issue 14: never lose a run).
                readTimeMs: lambdaReadTime(lambdaContext),
                statusStore,
              }),
      }),
    },
    deps,
  );
}
