import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadShepherdConfig } from "../../../shared/config/loadShepherdConfig.ts";
import { runtimeEnv } from "../../../shared/config/runtime.ts";
import { quietSecretVariable } from "../../../shared/quiet/quietSecrets.ts";
import { scheduledEvent } from "../busEvents.ts";
import { describeSimulator } from "../simulator/cli.ts";
import { loadScenario } from "../simulator/loadScenario.ts";
import { startSimulator } from "../simulator/server.ts";
import { defaultBehaviours } from "../sink/cli.ts";
import { type SinkDelivery, startWebhookSink } from "../sink/server.ts";
import { createDemoClock } from "./demoClock.ts";
import { DEMO_ALERTMANAGER } from "./demoConfig.ts";
import { startDemoPress } from "./demoPress.ts";
import { demoScenarioNamed } from "./demoScenarios.ts";
import type { DemoScript } from "./demoScript.ts";
import { type EventTap, startEventTap, type TappedEvent } from "./eventTap.ts";
import { type OfflineStack, startOffline } from "./offline.ts";
import { PendingActions } from "./pendingActions.ts";
import { freePort } from "./ports.ts";
import type { RolloutDemoRecord } from "./rolloutScript.ts";
import { sinkReceivers } from "./sinkReceivers.ts";
import { startStatusServer } from "./statusServer.ts";
import { type SnapshotLine, Timeline } from "./timeline.ts";

export interface DemoOptions {
  root: string;
  /** Which story to play (`DEMO_SCENARIOS`); `demo` when absent. */
  scenario?: string;
  speed?: number;
  follow: boolean;
  /** Scenario minutes to play before the summary (without --follow); the scenario's own by default. */
  minutes?: number;
  write: (line: string) => void;
  colour: boolean;
  /** Aborted when the demo should stop early (Ctrl-C, or the process that started it left). */
  signal?: AbortSignal | undefined;
}

export interface DemoSummary {
  polls: number;
  /** Events on the bus by detail-type, repeats included. */
  events: Record<string, number>;
  /** The same, counting each event id once: a retried run repeats an event with its id. */
  distinctEvents: Record<string, number>;
  webhooks: number;
  /** Every webhook delivery the sink received: its path, what it carried, and the answer. */
  deliveries: { path: string; what: string; status: number }[];
  /**
   * The calls to the Alertmanager the sink plays (quietDuringUpgrade), by what they did:
   * `created`, `extended`, `lifted`, or `refused` (any answer that is not 2xx).
   */
  silenceCalls: Record<string, number>;
  mutatingRequests: Record<string, number>;
  /** Every call that changed the simulated clouds, in order: scenario time ISO, operation, cluster. */
  changes: { at: string; operation: string; cluster: string }[];
  /** What the scenario's script says of its outcome (the rollout's, in the rollout scenario). */
  outcome: string[];
  /** The rollout scenario's record: each run's judgement, the approvals, the operator's retries. */
  rollout?: RolloutDemoRecord;
  /** The serverless-offline process group the demo started (and stopped). */
  offlinePid: number;
  /** The temporary directory that held the generated config (removed at the end). */
  configDir: string;
  /** The scenario time of the first poll: the scenario's start, however long the stack took. */
  firstPollAt: string | null;
  /** Where the status page was served on 127.0.0.1 while the demo ran. */
  statusPageUrl?: string;
}

const MIN = 60_000;
/** How long the scenario waits for the action functions after a poll before it goes on. */
const ACTION_WAIT_MS = 30_000;
/** The local sink checks signatures with it; it is the demo's own, never a real secret. */
const SIGNING_SECRET = "local-demo-signing-secret";

/** The event types a delivery carried, read from the payload (every channel names them). */
function whatWasSent(d: SinkDelivery): string {
  const types = d.body.match(
    /(Upgrade|Action|Postcheck|Poll) (Started|Paused|Stalled|Succeeded|Failed|Cancelled|Skipped|Passed|Requested)|Auto Actions Suspended|Alerts (Silenced|Unsilenced|silenced|unsilenced)|Upgrade (started|paused|stalled|succeeded|failed|cancelled)|Rollout (Wave Ready|Halted|wave ready|halted)|[A-Z][a-z]+( [a-z]+)* requested in chat/g,
  );
  // A PagerDuty resolve names no event: it closes the incident of its dedup key, if one is open.
  const resolve = /"event_action":\s*"resolve"/.test(d.body) ? "resolve" : null;
  const first = types?.[0] ?? resolve ?? "message";
  return d.duplicateOf ? `${first} (duplicate of #${d.duplicateOf})` : first;
}

/**
 * `npm start`: the simulator on an accelerated clock, the real functions under
 * serverless-offline from the same serverless.yml, the poll driven on the scenario's clock,
 * and a readable timeline of everything that happens.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const story = demoScenarioNamed(options.scenario ?? "demo");
  const scenario = story.scenario(await loadScenario(story.name), new Date());
  const speed = options.speed ?? scenario.speed;
  // Holds still until the functions are ready, and while each poll runs.
  const clock = createDemoClock({ startAt: new Date(scenario.start), speed });
  const timeline = new Timeline(options.write, options.colour);
  const at = () => clock.now().toISOString().slice(11, 19);
  const summary: DemoSummary = {
    polls: 0,
    events: {},
    distinctEvents: {},
    webhooks: 0,
    deliveries: [],
    silenceCalls: {},
    mutatingRequests: {},
    changes: [],
    outcome: [],
    offlinePid: 0,
    configDir: "",
    firstPollAt: null,
  };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const sim = await startSimulator({ scenario, clock });
    cleanups.push(() => sim.close());
    let offline: OfflineStack | undefined;
    let script: DemoScript | undefined;
    const press = await startDemoPress(async (e) => offline?.invoke("chat-action", e));
    cleanups.push(() => press.close());
    const info = describeSimulator(sim) as never;
    const silenceOf = new Map<string, string>();
    const sink = await startWebhookSink({
      behaviours: defaultBehaviours(SIGNING_SECRET, 20),
      alertmanager: { auth: { bearer: DEMO_ALERTMANAGER.token } },
      onDelivery: (d) => {
        if (d.path.startsWith("/alertmanager/")) {
          const call = silenceCall(d, silenceOf);
          if (call) {
            summary.silenceCalls[call.kind] = (summary.silenceCalls[call.kind] ?? 0) + 1;
            timeline.silence(at(), DEMO_ALERTMANAGER.name, call.text);
          }
          return;
        }
        summary.webhooks++;
        summary.deliveries.push({ path: d.path, what: whatWasSent(d), status: d.reply.status });
        timeline.webhook(at(), d.path.slice(1), whatWasSent(d), `HTTP ${d.reply.status}`);
        press.onDelivery(d, sink.url, (line) => timeline.note(at(), line));
        script?.onDelivery?.(d);
      },
    });
    cleanups.push(() => sink.close());
    const channels = sinkReceivers(sink.url, SIGNING_SECRET);
    const generated = story.config(info, channels, sink.alertmanager?.url);
    const dir = await mkdtemp(join(tmpdir(), "upgrade-shepherd-demo-"));
    summary.configDir = dir;
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const configFile = join(dir, "config.json");
    await writeFile(configFile, JSON.stringify(generated.config, null, 2));
    // The status page: poll-status writes it here (SHEPHERD_STATUS_DIR), and this serves it.
    const statusDir = join(dir, "status");
    const statusServer = await startStatusServer(statusDir);
    cleanups.push(() => statusServer.close());
    summary.statusPageUrl = statusServer.url;
    timeline.note(at(), `status page ${statusServer.url} (updates after every poll)`);

    const [lambdaPort, httpPort, busPort, pubSubPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const snapshots = new Map<string, SnapshotLine[]>();
    const pending = new PendingActions();
    const seen = new Set<string>();
    const tap: EventTap = await startEventTap(busPort, (e: TappedEvent) => {
      summary.events[e.detailType] = (summary.events[e.detailType] ?? 0) + 1;
      const id = `${e.detailType}/${String(e.detail.id)}`;
      if (!seen.has(id)) {
        seen.add(id);
        summary.distinctEvents[e.detailType] = (summary.distinctEvents[e.detailType] ?? 0) + 1;
      }
      pending.observe(e);
      script?.onEvent?.(e);
      // Deliveries show as webhook lines, once the sink has them.
      if (e.detailType === "Delivery Requested") return;
      const d = e.detail as {
        severity?: string;
        cluster?: { name?: string };
        reason?: string;
        action?: string;
        rollout?: string;
        wave?: string;
        failed?: { name?: string; clusterId: string }[];
      };
      const subject =
        d.cluster?.name ??
        (d.rollout ? `${d.rollout}${d.wave ? ` wave ${d.wave}` : ""}` : undefined) ??
        (d.action ? `${d.action} (run-wide)` : "");
      const note = d.reason
        ? `(${d.reason})`
        : d.failed?.length
          ? `(failed: ${d.failed.map((c) => c.name ?? c.clusterId).join(", ")})`
          : d.cluster && d.wave
            ? `(wave ${d.wave})`
            : "";
      timeline.event(at(), e.detailType, d.severity ?? "debug", subject, note);
    });
    cleanups.push(() => tap.close());

    timeline.note(
      at(),
      `simulator ${sim.url}, ${sim.clusters.length} clusters, speed ${speed}x; the scenario clock runs once the functions are ready, and holds still while each poll and its actions run`,
    );
    timeline.note(
      at(),
      "starting the functions under serverless-offline (osls offline start --stage local)",
    );
    const stack: OfflineStack | undefined = await startOffline({
      root: options.root,
      stage: "local",
      service: "upgrade-shepherd",
      lambdaPort,
      env: {
        ...runtimeEnv(),
        ...generated.env,
        ...channels.env,
        ...press.env,
        [quietSecretVariable(DEMO_ALERTMANAGER.name)]: JSON.stringify({
          token: DEMO_ALERTMANAGER.token,
        }),
        SHEPHERD_CONFIG_FILE: configFile,
        SHEPHERD_STATUS_DIR: statusDir,
        SHEPHERD_LOCAL_LAMBDA_PORT: String(lambdaPort),
        SHEPHERD_LOCAL_HTTP_PORT: String(httpPort),
        SHEPHERD_LOCAL_EVENTBRIDGE_PORT: String(busPort),
        SHEPHERD_LOCAL_PUBSUB_PORT: String(pubSubPort),
        AWS_ENDPOINT_URL_EVENTBRIDGE: tap.url,
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_REGION: "us-east-1",
        POWERTOOLS_LOG_LEVEL: "DEBUG",
        POWERTOOLS_METRICS_DISABLED: "true",
        AWS_SDK_JS_SUPPRESS_DEPRECATION_WARNINGS: "1",
      },
      onLine: (line) => collectSnapshot(line, snapshots),
      signal: options.signal,
    }).catch((error: unknown) => {
      if (options.signal?.aborted) return undefined;
      throw error;
    });
    if (!stack) return summary;
    cleanups.push(() => stack.stop());
    offline = stack;
    if (story.script) {
      // The config the functions load, loaded the same way, for what the script reads and does.
      const shepherd = await loadShepherdConfig({
        env: { ...generated.env, SHEPHERD_CONFIG_FILE: configFile },
      });
      script = story.script({
        shepherd,
        now: () => clock.now(),
        say: (line) => timeline.note(at(), line),
        sayRollout: (line) => timeline.rollout(at(), line),
        pressInSlack: (message, action) => press.pressInSlack(message, action, sink.url),
      });
    }
    summary.offlinePid = stack.pid;
    clock.run();
    timeline.note(at(), `functions ready (pid ${stack.pid}); polling every scenario minute`);

    const end = Date.parse(scenario.start) + (options.minutes ?? story.minutes) * MIN;
    // Every scenario minute is polled, in order, as the schedule would, and the scenario holds
    // still while a poll runs and until the action functions have answered its due events: a
    // busy machine slows the story down instead of skipping a T (whose window would hold
    // transitions no run announces) or letting a slow action meet a scenario that moved on.
    let nextT = Math.ceil(Date.parse(scenario.start) / MIN) * MIN;
    const stopped = () => options.signal?.aborted === true;
    while (!stopped() && (options.follow || nextT < end)) {
      if (clock.now().getTime() < nextT) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const t = nextT;
      nextT += MIN;
      const iso = new Date(t).toISOString();
      summary.firstPollAt ??= iso;
      clock.hold();
      await script?.beforePoll?.(new Date(t));
      const result = (await stack
        .invoke("poll-status", scheduledEvent(new Date(t)))
        .catch((error: unknown) => ({ errorMessage: String(error) }))) as {
        clustersRead?: number;
        errors?: number;
        errorMessage?: string;
      };
      const waiting = pending.size;
      if (!(await pending.settled(ACTION_WAIT_MS, options.signal)) && !stopped()) {
        timeline.note(
          at(),
          `${waiting} action(s) not answered in ${ACTION_WAIT_MS / 1000} s; going on`,
        );
      }
      summary.polls++;
      // The poll's snapshot lines come on the stack's output, a moment after its answer.
      await new Promise((r) => setTimeout(r, 150));
      if (result.errorMessage) timeline.note(at(), `poll failed: ${result.errorMessage}`);
      timeline.poll(
        at(),
        iso,
        result.clustersRead ?? 0,
        result.errors ?? 0,
        snapshots.get(iso) ?? [],
      );
      snapshots.delete(iso);
      if (script?.afterPoll) {
        await script.afterPoll(new Date(t));
        // What the script did may have raised events for the functions to answer.
        await pending.settled(ACTION_WAIT_MS, options.signal);
      }
      clock.run();
    }
    const nameOf = new Map(scenario.clusters.map((c) => [c.clusterId, c.name]));
    for (const r of sim.requests) {
      if (!r.mutated || r.operation === null) continue;
      summary.mutatingRequests[r.operation] = (summary.mutatingRequests[r.operation] ?? 0) + 1;
      summary.changes.push({
        at: r.time,
        operation: r.operation,
        cluster: nameOf.get(r.clusterId ?? "") ?? r.clusterId ?? "",
      });
    }
    const finished = script?.finish?.();
    if (finished) {
      summary.outcome = finished.outcome;
      if (finished.rollout) summary.rollout = finished.rollout;
    }
    return summary;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/**
 * One call to the Alertmanager the sink plays, as a timeline line: a POST without `id` created a
 * silence, with `id` extended it, a DELETE lifted it (lists are left out). `silenceOf` remembers
 * which cluster each silence is for, from the matchers it was made with.
 */
function silenceCall(
  d: SinkDelivery,
  silenceOf: Map<string, string>,
): { kind: string; text: string } | null {
  if (d.method === "GET") return null;
  const ok = d.reply.status >= 200 && d.reply.status < 300;
  if (!ok) return { kind: "refused", text: `${d.method} refused: HTTP ${d.reply.status}` };
  const until = (body: unknown) => {
    const ends = (body as { endsAt?: string } | undefined)?.endsAt;
    return ends ? ` until ${ends.slice(11, 19)}Z (wall clock)` : "";
  };
  if (d.method === "POST") {
    const body = d.json as { id?: string; matchers?: { name: string; value: string }[] };
    const cluster = body.matchers?.find((m) => m.name === "cluster")?.value ?? "?";
    const id = (JSON.parse(d.reply.body || "{}") as { silenceID?: string }).silenceID ?? "?";
    silenceOf.set(id, cluster);
    return body.id
      ? { kind: "extended", text: `silence for ${cluster} extended${until(body)}` }
      : { kind: "created", text: `silence for ${cluster} created${until(body)}` };
  }
  if (d.method === "DELETE") {
    const id = decodeURIComponent(d.path.split("/").at(-1) ?? "");
    return { kind: "lifted", text: `silence for ${silenceOf.get(id) ?? id} lifted (expired now)` };
  }
  return null;
}

/** Picks the poll function's debug `snapshot` lines out of the stack's output, by run. */
function collectSnapshot(line: string, into: Map<string, SnapshotLine[]>): void {
  const start = line.indexOf("{");
  if (start === -1 || !line.includes('"snapshot"')) return;
  try {
    const log = JSON.parse(line.slice(start)) as {
      message?: string;
      t?: string;
      cluster?: { name?: string; clusterId: string; provider: string };
      phase?: string | null;
      progress?: number | null;
    };
    if (log.message !== "snapshot" || !log.t || !log.cluster) return;
    const list = into.get(log.t) ?? [];
    list.push({
      name: log.cluster.name ?? log.cluster.clusterId,
      provider: log.cluster.provider,
      phase: log.phase ?? null,
      progress: log.progress ?? null,
    });
    into.set(log.t, list);
  } catch {
    // Not a log line of ours.
  }
}
