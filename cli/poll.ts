import { createSignedClient } from "../shared/client/client.ts";
import type { Config } from "../shared/config/configSchema.ts";
import { discoverCredentialNames } from "../shared/config/discoverConfig.ts";
import { formatDuration, parseDuration } from "../shared/config/duration.ts";
import { credentialNames, loadCredentials } from "../shared/config/loadCredentials.ts";
import { parseConfig } from "../shared/config/parseConfig.ts";
import { mergePolicy } from "../shared/config/policy.ts";
import { type ResolvedCluster, resolveClusters } from "../shared/config/resolveClusters.ts";
import { judgeDiscovery } from "../shared/decide/judgeDiscovery.ts";
import { windowFor } from "../shared/decide/windowFor.ts";
import { discoverFleet } from "../shared/discover/discoverFleet.ts";
import { discoverySources } from "../shared/discover/discoverySource.ts";
import { ShepherdError } from "../shared/errors.ts";
import { runDeadline } from "../shared/poll/deadline.ts";
import { onGrid } from "../shared/poll/planRun.ts";
import { pollRun } from "../shared/poll/pollRun.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { EXIT } from "./exitCodes.ts";
import { explainCommandParts } from "./explainRun.ts";
import type { CliIo } from "./io.ts";
import { eventBridgeForPublish, PublishFailedError, publishEvents } from "./publishEvents.ts";
import { readOptionFile } from "./readOptionFile.ts";
import { describeJsonError } from "./redact.ts";
import { readSimulatorLine, type SimulatorLine, scenarioNow } from "./simulatorLine.ts";
import { type NotDue, renderEventList, renderPollTable } from "./table.ts";

const USAGE = `usage: upgrade-shepherd poll (--config FILE | --simulator FILE) [--at ISO_TIME]
       [--deadline DURATION] [--json] [--publish] [--explain]

Reads every cluster in the config once, decides what the run at T would announce, and
prints a table (or, with --json, one JSON object: {"t", "snapshots", "events", "errors",
"notDue"}), then the events, each with its cluster.
--at sets the schedule time T the windows are computed from (default: now).
--simulator FILE takes T from the clock of a running simulator, as stated by the first
line of FILE (what \`upgrade-shepherd simulate\` printed first); without --config it also
reads every cluster of that simulator, with the key pairs the line lists.
--deadline (like 90s or 2m) stops reading then: what was read is shown (and published),
and each cluster not read in time is an error of kind deadline. Default: no deadline.
--explain prints, per cluster, every raw answer the cloud gave (operation, HTTP status, body,
pretty-printed and cut at 4,000 characters) next to what was read from it (the snapshot, why a
read was degraded or failed) and the events decided; with --json, it is the "explain" field.
No request header is shown, and any loaded key, secret or token is printed as [redacted].
--publish sends the events to the config's EventBridge bus, with AWS settings from the
usual places (AWS_REGION, AWS_PROFILE or AWS_ACCESS_KEY_ID...). Without it nothing is sent.
Credentials come from SHEPHERD_CREDENTIALS_<NAME> variables (or Secrets Manager when
SHEPHERD_CREDENTIALS_SECRET_PREFIX is set).

A cluster whose pollInterval puts it off T's grid is listed as not due, with its next run.
With \`discover\` sources in the config, they are listed first, as a scheduled run does, and the
run reads the merged inventory (\`upgrade-shepherd discover\` shows it).
Exit codes: 0 every cluster was read (and every source listed); 1 some were not (see ERROR,
and "errors"; or a source's Discovery Failed);
2 bad options or config, or missing AWS settings for --publish (nothing was read);
3 read, but the events did not all reach the bus; 4 an error of ours.
`;

/** What a run needs, from the options: nothing is read from a cloud until all of it is there. */
interface PollSetup {
  t: Date;
  /** --deadline, in ms; undefined for no deadline. */
  deadlineMs: number | undefined;
  config: Config;
  clusters: ResolvedCluster[];
  env: NodeJS.ProcessEnv;
  /** Given with --publish, once the AWS SDK has a region and credentials. */
  eventBridge: Awaited<ReturnType<typeof eventBridgeForPublish>> | undefined;
}

export async function pollCommand(args: string[], io: CliIo): Promise<number> {
  let values: Values;
  try {
    values = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upgrade-shepherd poll: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let setup: PollSetup;
  try {
    setup = await setUp(values, io);
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    const usage = error instanceof UsageError ? `\n${USAGE}` : "";
    io.err(`upgrade-shepherd poll: ${error.message}\n${usage}`);
    return EXIT.usage;
  }
  const { t, config } = setup;
  const names = [...credentialNames(setup.clusters), ...discoverCredentialNames(config.discover)];
  const credentials = await loadCredentials([...new Set(names)].sort(), { env: setup.env });
  // With `discover` sources, the run lists them first, as a scheduled run does.
  const found = await discoverForPoll(t, config, setup.clusters, credentials);
  const clusters = found?.inventory ?? setup.clusters;
  const explain = values.explain ? explainCommandParts(credentials, clusters) : null;
  const client =
    explain?.client({ timeoutMs: config.poll.requestTimeout }) ??
    createSignedClient({ timeoutMs: config.poll.requestTimeout });
  const deadline = runDeadline(setup.deadlineMs);
  const run = await pollRun(
    { kind: "schedule", t },
    { config, clusters, credentials },
    { client, now: () => new Date(), deadline: deadline.signal },
  ).finally(deadline.clear);
  const result = { ...run, events: [...(found?.events ?? []), ...run.events] };
  const notDue = notDueAt(t, config.defaults.pollInterval, clusters);
  let code: number = result.failures.length === 0 && !found?.failed.length ? EXIT.ok : EXIT.unread;
  if (setup.eventBridge) {
    try {
      const summary = await publishEvents(setup.eventBridge, result.events, config.bus);
      io.err(
        `published ${summary.published} event(s) to ${config.bus} in ${summary.calls} call(s)\n`,
      );
    } catch (error) {
      if (!(error instanceof PublishFailedError)) throw error;
      io.err(`upgrade-shepherd poll: ${error.message}\n`);
      code = EXIT.publishFailed;
    }
  }
  if (values.json) {
    const out = {
      t: t.toISOString(),
      snapshots: result.snapshots,
      events: result.events,
      errors: result.failures,
      notDue,
    };
    io.out(explain ? explain.json(out, result) : `${JSON.stringify(out)}\n`);
  } else {
    if (explain) io.out(explain.text(result));
    io.out(renderPollTable(result.snapshots, result.failures, notDue));
    io.out(renderEventList(result.events, t));
  }
  return code;
}

/** T, the config and its clusters, the environment, and (with --publish) the bus client. */
async function setUp(values: Values, io: CliIo): Promise<PollSetup> {
  const line = values.simulator ? await readSimulatorLine(values.simulator) : undefined;
  let t = new Date();
  if (values.at) {
    t = new Date(values.at);
    if (Number.isNaN(t.getTime())) {
      throw new UsageError("--at is not an ISO time like 2026-11-22T08:05:00Z");
    }
  } else if (line) {
    t = scenarioNow(line, io.now?.() ?? new Date());
  }
  const deadlineMs = values.deadline === undefined ? undefined : parseDuration(values.deadline);
  if (values.deadline !== undefined && deadlineMs === undefined) {
    throw new UsageError("--deadline is not a duration like 90s or 2m");
  }
  const { config, env } = await configFrom(values, line, io.env);
  const clusters = resolveClusters(config);
  if (!values.at && !line && clusters.length > 0 && clusters.every(onLoopback)) {
    io.err(
      "upgrade-shepherd poll: every cluster is on a local simulator, whose scenario clock is not today's: give --simulator FILE (simulate's first line) or --at, or the windows will hold none of its upgrades\n",
    );
  }
  const eventBridge = values.publish ? await eventBridgeForPublish() : undefined;
  return { t, deadlineMs, config, clusters, env, eventBridge };
}

/** The config file, or one for every cluster of the simulator, with its keys in the environment. */
export async function configFrom(
  values: Values,
  line: SimulatorLine | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ config: Config; env: NodeJS.ProcessEnv }> {
  if (values.config) return { config: await readConfig(values.config, env), env };
  if (!line) {
    throw new UsageError("give --config FILE, or --simulator FILE to read a local simulator");
  }
  const { configForSimulator } = await import("../infra/local/simConfig.ts");
  const generated = configForSimulator(line);
  const withKeys = { ...env, ...generated.env };
  return {
    config: parseConfig(generated.config, { source: values.simulator, env: withKeys }),
    env: withKeys,
  };
}

/** A config file: JSON by its extension, YAML otherwise. Errors name a line, never quote one. */
export async function readConfig(path: string, env: NodeJS.ProcessEnv): Promise<Config> {
  const text = await readOptionFile("config", path);
  if (!path.endsWith(".json")) return parseConfig(text, { format: "yaml", source: path, env });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ShepherdError(`config ${path}: ${describeJsonError(error, text)}`);
  }
  return parseConfig(data, { source: path, env });
}

const onLoopback = (c: ResolvedCluster): boolean =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(c.endpoint);

/** The clusters the run at `t` leaves to a later run on their own `pollInterval` grid. */
export function notDueAt(
  t: Date,
  scheduleIntervalMs: number,
  clusters: readonly ResolvedCluster[],
): NotDue[] {
  const onSchedule = Math.floor(t.getTime() / scheduleIntervalMs) * scheduleIntervalMs;
  return clusters
    .filter((c) => !onGrid(t, scheduleIntervalMs, c.policy.pollInterval))
    .map((c) => ({
      cluster: c.ref,
      pollInterval: formatDuration(c.policy.pollInterval),
      nextRun: new Date(
        Math.ceil(onSchedule / c.policy.pollInterval) * c.policy.pollInterval,
      ).toISOString(),
    }));
}

const OPTIONS = {
  config: { type: "string" },
  simulator: { type: "string" },
  at: { type: "string" },
  deadline: { type: "string" },
  json: { type: "boolean" },
  publish: { type: "boolean" },
  explain: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;

const parse = (args: string[]): Values => parseCommandArgs(args, OPTIONS);

/**
 * A scheduled run's discovery, for the CLI: the sources listed, the merged inventory, and the
 * discovery events judged in T's window. Undefined when the config has no source.
 */
async function discoverForPoll(
  t: Date,
  config: Config,
  listed: ResolvedCluster[],
  credentials: Awaited<ReturnType<typeof loadCredentials>>,
) {
  if (discoverySources(config).length === 0) return undefined;
  const fleet = await discoverFleet(config, listed, {
    client: createSignedClient({ timeoutMs: config.poll.requestTimeout }),
    credentials,
  });
  const events = judgeDiscovery({
    window: windowFor(t, config.defaults.pollInterval, config.defaults.lag),
    repeatMsOf: (source) => mergePolicy(config.defaults, source.overrides).repeat,
    listings: fleet.listings,
    failed: fleet.failed,
    inventory: fleet.inventory,
    listed,
  });
  return { inventory: fleet.inventory, events, failed: fleet.failed };
}
