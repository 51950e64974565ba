import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createSignedClient } from "../client/client.ts";
import { parseDuration } from "../config/duration.ts";
import { credentialNames, loadCredentials } from "../config/loadCredentials.ts";
import { parseConfig } from "../config/parseConfig.ts";
import { resolveClusters } from "../config/resolveClusters.ts";
import { publishEntries } from "../events/publish.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { runDeadline } from "../poll/deadline.ts";
import { pollRun } from "../poll/pollRun.ts";
import { explainCommandParts } from "./explainRun.ts";
import type { CliIo } from "./io.ts";
import { renderPollTable } from "./table.ts";

const USAGE = `usage: upgrade-shepherd poll --config FILE [--at ISO_TIME] [--deadline DURATION] [--json] [--publish] [--explain]

Reads every cluster in the config once, decides what the run at T would announce, and
prints a table (or, with --json, one JSON object: {"snapshots", "events", "errors"}).
--at sets the schedule time T the windows are computed from (default: now).
--deadline (like 90s or 2m) stops reading then: what was read is shown (and published),
and each cluster not read in time is an error of kind deadline. Default: no deadline.
--publish sends the events to the config's EventBridge bus (AWS credentials from the
usual AWS environment). Without it nothing is published.
--explain prints, per cluster, every raw answer the cloud gave (operation, HTTP status, body,
pretty-printed and cut at 4,000 characters) next to what was read from it (the snapshot, why a
read was degraded or failed) and the events decided; with --json, it is the "explain" field.
No request header is shown, and any loaded key, secret or token is printed as [redacted].
Credentials come from SHEPHERD_CREDENTIALS_<NAME> variables (or Secrets Manager when
SHEPHERD_CREDENTIALS_SECRET_PREFIX is set). Exits 0 when every cluster was read, 1 when
some were not, 2 on a usage or config error.
`;

export async function pollCommand(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    io.err(`upgrade-shepherd poll: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.config) {
    io.err(`upgrade-shepherd poll: --config is required\n\n${USAGE}`);
    return 2;
  }
  const t = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(t.getTime())) {
    io.err(`upgrade-shepherd poll: --at ${JSON.stringify(values.at)} is not an ISO time\n`);
    return 2;
  }
  const deadlineMs = values.deadline === undefined ? undefined : parseDuration(values.deadline);
  if (values.deadline !== undefined && deadlineMs === undefined) {
    io.err(
      `upgrade-shepherd poll: --deadline ${JSON.stringify(values.deadline)} is not a duration like 90s or 2m\n`,
    );
    return 2;
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    const text = await readFile(values.config, "utf8");
    config = parseConfig(text, {
      format: values.config.endsWith(".json") ? "json" : "yaml",
      source: values.config,
      env: io.env,
    });
  } catch (error) {
    io.err(`upgrade-shepherd poll: ${(error as Error).message}\n`);
    return 2;
  }
  const clusters = resolveClusters(config);
  const credentials = await loadCredentials(credentialNames(clusters), { env: io.env });
  const explain = values.explain ? explainCommandParts(credentials, clusters) : null;
  const client =
    explain?.client({ timeoutMs: config.poll.requestTimeout }) ??
    createSignedClient({ timeoutMs: config.poll.requestTimeout });
  const deadline = runDeadline(deadlineMs);
  const result = await pollRun(
    { kind: "schedule", t },
    { config, clusters, credentials },
    { client, now: () => new Date(), deadline: deadline.signal },
  ).finally(deadline.clear);
  if (values.publish) {
    const entries = result.events.map((e) => toPutEventsEntry(e, config.bus));
    const summary = await publishEntries(new EventBridgeClient({}), entries);
    io.err(
      `published ${summary.published} event(s) to ${config.bus} in ${summary.calls} call(s)\n`,
    );
  }
  if (values.json) {
    const out = { snapshots: result.snapshots, events: result.events, errors: result.failures };
    io.out(explain ? explain.json(out, result) : `${JSON.stringify(out)}\n`);
  } else {
    if (explain) io.out(explain.text(result));
    io.out(renderPollTable(result.snapshots, result.failures));
    for (const e of result.events) {
      if (e.detail.severity !== "debug") io.out(`${e.detail.severity.padEnd(8)} ${e.detailType}\n`);
    }
  }
  return result.failures.length === 0 ? 0 : 1;
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    options: {
      config: { type: "string" },
      at: { type: "string" },
      deadline: { type: "string" },
      json: { type: "boolean" },
      publish: { type: "boolean" },
      explain: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
