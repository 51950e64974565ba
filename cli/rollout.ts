import { createSignedClient } from "../shared/client/client.ts";
import type { Config } from "../shared/config/configSchema.ts";
import { credentialNames, loadCredentials } from "../shared/config/loadCredentials.ts";
import { resolveClusters } from "../shared/config/resolveClusters.ts";
import { ShepherdError } from "../shared/errors.ts";
import { pollRun } from "../shared/poll/pollRun.ts";
import type { RolloutJudgement } from "../shared/rollout/judgeRollout.ts";
import { parseCommandArgs } from "./args.ts";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";
import { readConfig } from "./poll.ts";
import { readSimulatorLine, scenarioNow } from "./simulatorLine.ts";

const USAGE = `usage: upgrade-shepherd rollout (plan | status) --config FILE [--simulator FILE]
       [--at ISO_TIME] [--json]

Reads every cluster of the config once and judges each of its rollouts as the run at T would
(docs/rollouts.md). Nothing is started and nothing is published.
  plan    each wave's clusters, in order, with each cluster's state, and what the run at T
          would raise: Upgrade Due (start-upgrade would start these), Rollout Wave Ready (asks
          for approval), Rollout Halted.
  status  one line a wave: clusters done of all, upgrading, its gate (complete, eligible,
          soaking until ..., halted, waiting ...), and whether the rollout is halted and why.
--at sets T (default: now). --simulator FILE takes T from a running simulator's clock, as the
first line of FILE states it (what \`upgrade-shepherd simulate\` printed first).
--json prints one JSON object: {"t", "rollouts", "errors"}.
Credentials come from SHEPHERD_CREDENTIALS_<NAME> variables (or Secrets Manager when
SHEPHERD_CREDENTIALS_SECRET_PREFIX is set); none is ever printed.
Exit codes: 0 every cluster was read; 1 some were not (they count as unread: never started,
never complete); 2 bad options or config, or a config with no rollouts; 4 an error of ours.
`;

const OPTIONS = {
  config: { type: "string" },
  simulator: { type: "string" },
  at: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `upgrade-shepherd rollout plan|status` (issue 19). */
export async function rolloutCommand(args: string[], io: CliIo): Promise<number> {
  const [view, ...rest] = args;
  if (view === "--help" || view === "-h" || view === undefined) {
    io.out(USAGE);
    return view === undefined ? EXIT.usage : EXIT.ok;
  }
  if (view !== "plan" && view !== "status") {
    io.err(`upgrade-shepherd rollout: give plan or status first\n\n${USAGE}`);
    return EXIT.usage;
  }
  let setup: { t: Date; config: Config };
  let values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  try {
    values = parseCommandArgs(rest, OPTIONS);
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    setup = await setUp(values, io);
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    const usage = error instanceof UsageError ? `\n${USAGE}` : "";
    io.err(`upgrade-shepherd rollout: ${error.message}\n${usage}`);
    return EXIT.usage;
  }
  const { t, config } = setup;
  const clusters = resolveClusters(config);
  const credentials = await loadCredentials(credentialNames(clusters), { env: io.env });
  const run = await pollRun(
    { kind: "schedule", t },
    { config, clusters, credentials },
    {
      client: createSignedClient({ timeoutMs: config.poll.requestTimeout }),
      now: () => new Date(),
    },
  );
  const { rollouts } = run;
  const errors = run.failures.map((f) => ({
    cluster: f.cluster,
    kind: f.kind,
    code: f.code,
    message: f.message,
  }));
  if (values.json) {
    io.out(`${JSON.stringify({ t: t.toISOString(), rollouts, errors })}\n`);
  } else {
    io.out(view === "plan" ? renderPlan(rollouts, t) : renderStatus(rollouts, t));
    for (const e of errors) {
      io.out(
        `unread: ${e.cluster.name ?? e.cluster.clusterId}: ${e.kind} ${e.code ?? ""} ${e.message}\n`,
      );
    }
  }
  return errors.length === 0 ? EXIT.ok : EXIT.unread;
}

async function setUp(
  values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>,
  io: CliIo,
): Promise<{ t: Date; config: Config }> {
  if (!values.config) throw new UsageError("give --config FILE (the rollouts and cluster labels)");
  let t = new Date();
  if (values.at) {
    t = new Date(values.at);
    if (Number.isNaN(t.getTime())) {
      throw new UsageError("--at is not an ISO time like 2026-11-22T08:05:00Z");
    }
  } else if (values.simulator) {
    t = scenarioNow(await readSimulatorLine(values.simulator), io.now?.() ?? new Date());
  }
  const config = await readConfig(values.config, io.env);
  if (config.rollouts.length === 0) {
    throw new ShepherdError(`config ${values.config} has no rollouts`);
  }
  return { t, config };
}

const nameOf = (c: { name?: string | undefined; clusterId: string }) => c.name ?? c.clusterId;

function gateText(w: RolloutJudgement["waves"][number]): string {
  if (w.gate === "soaking" && w.soakEndsAt) return `soaking until ${w.soakEndsAt}`;
  if (w.gate === "eligible" && w.awaitingApproval) return "eligible, awaiting approval in chat";
  return w.gate;
}

/** Each wave's clusters and states, then what the run at T would raise. */
export function renderPlan(rollouts: readonly RolloutJudgement[], t: Date): string {
  const lines = [`rollouts at ${t.toISOString()}`];
  for (const r of rollouts) {
    lines.push("", `rollout ${r.rollout}${r.halted ? " (HALTED)" : ""}`);
    r.waves.forEach((w, i) => {
      lines.push(`  wave ${i + 1} ${w.name}: ${gateText(w)}`);
      for (const c of w.clusters) {
        lines.push(
          `    ${nameOf(c.cluster).padEnd(24)} ${c.cluster.provider.padEnd(14)} ${c.state}`,
        );
      }
      if (w.clusters.length === 0) lines.push("    (no cluster)");
    });
    if (r.unassigned.length > 0) {
      lines.push(`  not in any wave: ${r.unassigned.map(nameOf).join(", ")}`);
    }
    lines.push("  the run at T would raise:");
    if (r.events.length === 0) {
      // Halted: Rollout Halted was raised when the failure came and comes again each repeat
      // bucket; between those this run raises nothing, and nothing starts.
      lines.push(
        r.halted
          ? "    nothing (halted: no start until the failed or stalled clusters are done)"
          : "    nothing",
      );
    }
    for (const e of r.events) {
      if (e.detailType === "Upgrade Due") {
        lines.push(
          `    Upgrade Due: start ${nameOf(e.detail.cluster)} -> ${e.detail.targetVersion} (wave ${e.detail.wave})${e.detail.policy.dryRun ? " [dry run]" : ""}`,
        );
      } else if (e.detailType === "Rollout Wave Ready") {
        lines.push(
          `    Rollout Wave Ready: wave ${e.detail.wave} asks for approval; first: ${e.detail.firstClusters.map(nameOf).join(", ")}`,
        );
      } else {
        const who = [...e.detail.failed, ...e.detail.stalled].map(nameOf).join(", ");
        lines.push(`    Rollout Halted: ${who}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** One line a wave: where the rollout stands. */
export function renderStatus(rollouts: readonly RolloutJudgement[], t: Date): string {
  const lines = [`rollouts at ${t.toISOString()}`];
  for (const r of rollouts) {
    const halted = r.halted
      ? `HALTED: failed ${r.halted.failed.map(nameOf).join(", ") || "none"}; stalled ${r.halted.stalled.map(nameOf).join(", ") || "none"}`
      : r.currentWave === null
        ? "complete"
        : `current wave ${r.currentWave}`;
    lines.push("", `rollout ${r.rollout}: ${halted}`);
    for (const w of r.waves) {
      const done = w.clusters.filter((c) => c.state === "done").length;
      lines.push(
        `  ${w.name.padEnd(16)} ${`${done}/${w.clusters.length} done`.padEnd(12)} ${`${w.running} upgrading`.padEnd(13)} ${gateText(w)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
