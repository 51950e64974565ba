import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import type { SignedClient } from "../../shared/client/index.ts";
import { statusBucketFrom } from "../../shared/config/statusBucket.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { lambdaReadTime } from "../../shared/poll/deadline.ts";
import { handlePoll } from "../../shared/poll/handlePoll.ts";
import { parsePollEvent } from "../../shared/poll/pollEvent.ts";
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
  const statusStore = deps.statusStore ?? (bucket ? s3StatusStore(bucket) : undefined);
  return shepherdHandler(
    {
      name: "poll-status",
      needs: ["inventory", "credentials"],
      parse: parsePollEvent,
      run: async (trigger, shepherd, { eventBridge, telemetry, lambdaContext }) => ({
        summary: await handlePoll(trigger, shepherd, {
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
