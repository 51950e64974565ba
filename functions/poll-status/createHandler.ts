import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import type { SignedClient } from "../../shared/client/index.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { lambdaReadTime } from "../../shared/poll/deadline.ts";
import { handlePoll } from "../../shared/poll/handlePoll.ts";
import { parsePollEvent } from "../../shared/poll/pollEvent.ts";

export interface PollStatusDeps extends ShepherdHandlerDeps {
  client?: SignedClient;
  now?: () => Date;
}

/**
 * poll-status: the schedule, a shard request or a retry request in; events on the bus out. It
 * reads the inventory with its credentials, and publishes as it goes (`handlePoll`).
 */
export function createPollStatusHandler(deps: PollStatusDeps = {}) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
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
        }),
      }),
    },
    deps,
  );
}
