import { createSignedClient } from "../shared/client/client.ts";
import { parseDuration } from "../shared/config/duration.ts";
import { credentialNames, loadCredentials } from "../shared/config/loadCredentials.ts";
import { resolveClusters } from "../shared/config/resolveClusters.ts";
import { ShepherdError } from "../shared/errors.ts";
import { upgradesOf } from "../shared/eta/expectation.ts";
import { buildLedger } from "../shared/ledger/buildLedger.ts";
import { ledgerCsv } from "../shared/ledger/ledgerCsv.ts";
import type { LedgerEntry } from "../shared/ledger/ledgerEntry.ts";
import { humanDuration } from "../shared/notify/format.ts";
import { runDeadline } from "../shared/poll/deadline.ts";
import { toMembers } from "../shared/poll/members.ts";
import { readFleet } from "../shared/poll/readFleet.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";
import { configFrom } from "./poll.ts";
import { readSimulatorLine, scenarioNow } from "./simulatorLine.ts";
import { describeFailure, formatRows } from "./table.ts";

const USAGE = `usage: upgrade-shepherd ledger (--config FILE | --simulator FILE) [--since 30d]
       [--json | --csv] [--deadline DURATION]

Reads every cluster in the config once, with the same requests a poll makes, and prints each
cluster's upgrades that the clouds' own task lists keep: from and to versions, start, end,
outcome, how long each took, its steps, what the cloud shows was done (a PostCheck, a cancel)
and the ids of the events upgrade-shepherd announces for it. Newest first.
--since (like 30d, 12h) leaves out upgrades that ended before then; one still running is
always shown. Default 30d. Times are UTC.
--json prints {"since", "entries": [...], "errors": [...]}; --csv prints one row per upgrade
(RFC 4180, a header first; cells a spreadsheet would run as a formula start with ').
--simulator FILE reads a running simulator (simulate's first line), on its scenario clock.
ACK lists no versions or stages for a past task (only DescribeTaskInfo has them, one request
each), so those columns are empty for ACK's older upgrades.
Exit codes: 0 every cluster was read; 1 some were not (listed); 2 bad options or config.
`;

const OPTIONS = {
  config: { type: "string" },
  simulator: { type: "string" },
  since: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  deadline: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function ledgerCommand(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  let sinceMs: number;
  let deadlineMs: number | undefined;
  try {
    values = parseCommandArgs(args, OPTIONS);
    if (values.json && values.csv) throw new UsageError("give --json or --csv, not both");
    const since = parseDuration(values.since ?? "30d");
    if (since === undefined) throw new UsageError("--since is not a duration like 30d or 12h");
    sinceMs = since;
    deadlineMs = values.deadline === undefined ? undefined : parseDuration(values.deadline);
    if (values.deadline !== undefined && deadlineMs === undefined) {
      throw new UsageError("--deadline is not a duration like 90s or 2m");
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upgrade-shepherd ledger: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let setup: Awaited<ReturnType<typeof setUp>>;
  try {
    setup = await setUp(values, io);
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    io.err(`upgrade-shepherd ledger: ${error.message}\n`);
    return EXIT.usage;
  }
  const { config, env, now } = setup;
  const clusters = resolveClusters(config);
  const credentials = await loadCredentials(credentialNames(clusters), { env });
  const loaded = toMembers(clusters, credentials, config.poll);
  const deadline = runDeadline(deadlineMs);
  const read = await readFleet(loaded.members, {
    client: createSignedClient({ timeoutMs: config.poll.requestTimeout }),
    now: () => now,
    deadline: deadline.signal,
  }).finally(deadline.clear);
  const errors = [...loaded.failures, ...read.failures];
  const since = now.getTime() - sinceMs;
  const entries = buildLedger(
    read.snapshots.map((s) => ({ cluster: s.cluster, upgrades: upgradesOf(s) })),
    { since },
  );
  if (values.json) {
    io.out(`${JSON.stringify({ since: new Date(since).toISOString(), entries, errors })}\n`);
  } else if (values.csv) {
    io.out(ledgerCsv(entries));
    for (const f of errors)
      io.err(`not read: ${f.cluster.name ?? f.cluster.clusterId}: ${describeFailure(f)}\n`);
  } else {
    io.out(renderLedgerTable(entries, sinceMs));
    for (const f of errors)
      io.out(`not read: ${f.cluster.name ?? f.cluster.clusterId}: ${describeFailure(f)}\n`);
  }
  return errors.length === 0 ? EXIT.ok : EXIT.unread;
}

async function setUp(values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>, io: CliIo) {
  const line = values.simulator ? await readSimulatorLine(values.simulator) : undefined;
  const now = line ? scenarioNow(line, io.now?.() ?? new Date()) : (io.now?.() ?? new Date());
  const { config, env } = await configFrom(values, line, io.env);
  return { config, env, now };
}

const shortTime = (iso: string | null): string =>
  iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-";

/** The ledger as a table a person reads: one row per upgrade, newest first. */
export function renderLedgerTable(entries: readonly LedgerEntry[], sinceMs: number): string {
  if (entries.length === 0) {
    return `No upgrade in the last ${humanDuration(sinceMs)}.\n`;
  }
  const rows = [
    ["CLUSTER", "PROVIDER", "VERSIONS", "STARTED", "TOOK", "OUTCOME", "STEPS", "ACTIONS"],
  ];
  for (const e of entries) {
    rows.push([
      e.cluster.name ?? e.cluster.clusterId,
      e.cluster.provider,
      `${e.fromVersion ?? "?"} -> ${e.toVersion ?? "?"}`,
      shortTime(e.startedAt),
      e.durationMs === null ? "-" : humanDuration(e.durationMs),
      e.outcome,
      e.steps
        .filter((s) => s.status)
        .map((s) => `${s.name}${s.durationMs === null ? "" : ` ${humanDuration(s.durationMs)}`}`)
        .join(", ") || "-",
      e.actions.map((a) => `${a.action}: ${a.status ?? "?"}`).join(", ") || "-",
    ]);
  }
  return formatRows(rows);
}
