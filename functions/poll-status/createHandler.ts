import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import type { SignedClient } from "../../shared/client/index.ts";
import { isLocalStack, runtimeEnv } from "../../shared/config/runtime.ts";
import { statusBucketFrom, statusDirFrom } from "../../shared/config/statusBucket.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { lambdaReadTime, PUBLISH_MARGIN_MS, QUIET_MARGIN_MS } from "../../shared/poll/deadline.ts";
import { handlePoll, type PollSummary, type QuietPollDeps } from "../../shared/poll/handlePoll.ts";
import { type PollTrigger, parsePollEvent } from "../../shared/poll/pollEvent.ts";
import { mayQuiet } from "../../shared/quiet/mayQuiet.ts";
import { type ApprovalTrigger, parseApprovalEvent } from "../../shared/rollout/approvalTrigger.ts";
import type { ApprovalSummary } from "../../shared/rollout/handleApproval.ts";
import { type DigestTrigger, parseDigestEvent } from "../../shared/status/digestTrigger.ts";
import { fileStatusStore } from "../../shared/status/fileStatusStore.ts";
import type { DigestSummary } from "../../shared/status/handleDigest.ts";
import { type StatusStore, s3StatusStore } from "../../shared/status/statusStore.ts";

export interface PollStatusDeps extends ShepherdHandlerDeps {
  client?: SignedClient;
  now?: () => Date;
  /** Where the status page goes; default the stack's bucket (`SHEPHERD_STATUS_BUCKET`), if set. */
  statusStore?: StatusStore;
  /**
   * Silence targets (`quietDuringUpgrade`): default the one HTTP stack over the SSRF guard, and
   * the target secrets from Secrets Manager (or the environment locally), read when first needed.
   */
  quiet?: Omit<QuietPollDeps, "timeMs">;
}

/**
 * poll-status: the schedule, a shard request, a retry request, the weekly digest's schedule or
 * a wave approved in chat (`handleApproval`) in; events on the bus out. It reads the inventory with its credentials, keeps quiet the
 * clusters whose upgrade runs (issue 20), writes the status page (issue 18), and publishes as it
 * goes (`handlePoll`).
 */
export function createPollStatusHandler(deps: PollStatusDeps = {}) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const bucket = statusBucketFrom();
  const dir = statusDirFrom();
  const statusStore =
    deps.statusStore ?? (bucket ? s3StatusStore(bucket) : dir ? fileStatusStore(dir) : undefined);
  // The weekly digest and the silence targets' HTTP stack (the SSRF guard) load on demand: a
  // poll with no cluster to keep quiet starts no slower for them (bench, section 1).
  let quiet: Promise<Omit<QuietPollDeps, "timeMs">> | undefined;
  const quietDeps = () => {
    quiet ??= deps.quiet ? Promise.resolve(deps.quiet) : defaultQuiet(deps);
    return quiet;
  };
  return shepherdHandler<
    "inventory" | "credentials",
    PollTrigger | DigestTrigger | ApprovalTrigger,
    PollSummary | DigestSummary | ApprovalSummary
  >(
    {
      name: "poll-status",
      needs: ["inventory", "credentials"],
      // The weekly digest's schedule, a wave approved in chat, or the poll's own inputs.
      parse: (event: unknown) =>
        parseDigestEvent(event) ?? parseApprovalEvent(event) ?? parsePollEvent(event),
      run: async (trigger, shepherd, { eventBridge, telemetry, lambdaContext }) => {
        if (trigger.kind === "digest") {
          const { handleDigest } = await import("../../shared/poll/onDemand.ts");
          const summary = await handleDigest(trigger, shepherd.config, {
            eventBridge,
            statusStore,
            statusBucket: bucket,
          });
          return { summary };
        }
        if (trigger.kind === "approval") {
          // Loaded on demand: a fleet without rollouts starts no slower for it.
          const { handleApproval } = await import("../../shared/rollout/handleApproval.ts");
          const summary = await handleApproval(trigger, shepherd, {
            client: clientFor(shepherd.config.poll.requestTimeout),
            eventBridge,
            now,
            telemetry,
            readTimeMs: lambdaReadTime(lambdaContext),
          });
          return { summary };
        }
        // The read leaves time for the silences (lifted before the alerts are published), and the
        // silences leave time for publishing (issue 14: never lose a run).
        const quieting = mayQuiet(shepherd.config, shepherd.clusters);
        const margin = PUBLISH_MARGIN_MS + (quieting ? QUIET_MARGIN_MS : 0);
        const summary = await handlePoll(trigger, shepherd, {
          client: clientFor(shepherd.config.poll.requestTimeout),
          eventBridge,
          now,
          telemetry,
          readTimeMs: lambdaReadTime(lambdaContext, margin),
          // Without a cluster that may be kept quiet the quiet step touches nothing.
          quiet: quieting
            ? { ...(await quietDeps()), timeMs: lambdaReadTime(lambdaContext) }
            : undefined,
          statusStore,
        });
        return { summary };
      },
    },
    deps,
  );
}

/** Made once, when a run first has a cluster to keep quiet, and kept (its secrets' cache too). */
async function defaultQuiet(deps: PollStatusDeps): Promise<Omit<QuietPollDeps, "timeMs">> {
  const { guardedFetchFor, systemLookup, createQuietSecrets } = await import(
    "../../shared/poll/onDemand.ts"
  );
  const env = deps.config?.env ?? runtimeEnv();
  const local = isLocalStack(env);
  return {
    http: {
      fetchFor: guardedFetchFor(),
      lookup: systemLookup,
      allowHttp: local,
      allowLoopback: local,
    },
    auth: createQuietSecrets({ env, secretsManager: deps.config?.secretsManager }),
  };
}
