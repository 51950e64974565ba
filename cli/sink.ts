import {
  BehavioursSchema,
  type PathBehaviour,
  SINK_VENDORS,
} from "../infra/local/sink/behaviour.ts";
import { defaultBehaviours, describeDelivery } from "../infra/local/sink/cli.ts";
import { startWebhookSink, type WebhookSink } from "../infra/local/sink/server.ts";
import { readYaml, yamlErrorLine } from "../shared/config/readYaml.ts";
import { parseCommandArgs, wholeNumber } from "./args.ts";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";
import { readOptionFile } from "./readOptionFile.ts";

export const SINK_USAGE = `usage: upgrade-shepherd sink [options]

Receives webhook deliveries on 127.0.0.1, records them and answers like each vendor.
Each vendor has a path: /slack /teams /feishu /dingtalk /wecom /pagerduty /webhook /cloudevents.
It also plays Alertmanager's API v2 silences under /alertmanager and PagerDuty's maintenance
windows under /pagerduty-api (quietDuringUpgrade targets; with --secret S, Alertmanager wants
"Authorization: Bearer S" and PagerDuty "Token token=S", else "Token token=sink-pagerduty-token").

options:
  --port P            port to listen on (default 0: any free port)
  --secret S          verify signatures on /webhook, /cloudevents, /dingtalk and /feishu with S
  --rate-limit N      messages a minute /dingtalk and /wecom accept (default 20, like the robots)
  --behaviours FILE   JSON or YAML: {"/path": {vendor, replies, verify, rateLimit}}, merged over the defaults
  --json              print every delivery as one JSON line on stdout
  -h, --help          show this help

The first line on stdout is JSON: {"url", "paths": {vendor: url}, "silences": {alertmanager, pagerduty}}. Stops on SIGINT or SIGTERM,
and, when npm or npx started it, when that process goes away. Exits 2 on bad options.
`;

const OPTIONS = {
  port: { type: "string" },
  secret: { type: "string" },
  "rate-limit": { type: "string" },
  behaviours: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs the sink until `signal` aborts. `main` wires SIGINT, SIGTERM and a lost parent to the
 * signal (`untilSignal`); tests run it in-process and abort it themselves.
 */
export async function runSink(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let sink: WebhookSink;
  try {
    const values = parseCommandArgs(args, OPTIONS);
    if (values.help) {
      io.out(SINK_USAGE);
      return EXIT.ok;
    }
    const port = wholeNumber("port", values.port) ?? 0;
    const perMinute = wholeNumber("rate-limit", values["rate-limit"], 1) ?? 20;
    const json = values.json ?? false;
    const extra = values.behaviours ? await readBehaviours(values.behaviours) : {};
    sink = await startWebhookSink({
      port,
      behaviours: { ...defaultBehaviours(values.secret, perMinute), ...extra },
      alertmanager: values.secret ? { auth: { bearer: values.secret } } : {},
      pagerduty: { token: values.secret ?? "sink-pagerduty-token" },
      onDelivery: (d) => {
        if (json) io.out(`${JSON.stringify(d)}\n`);
        io.err(describeDelivery(d));
      },
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upgrade-shepherd sink: ${error.message}\n\n${SINK_USAGE}`);
    return EXIT.usage;
  }
  io.out(
    `${JSON.stringify({
      url: sink.url,
      paths: Object.fromEntries(SINK_VENDORS.map((v) => [v, sink.urlFor(`/${v}`)])),
      silences: { alertmanager: sink.alertmanager?.url, pagerduty: sink.pagerduty?.url },
    })}\n`,
  );
  io.err(`sink: listening on ${sink.url}; Ctrl-C to stop\n`);
  if (!signal.aborted) {
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
  }
  await sink.close();
  io.err(`sink: stopped after ${sink.deliveries.length} deliveries\n`);
  return EXIT.ok;
}

/** A behaviours file; its errors name the line and field, never a value (verify secrets live here). */
async function readBehaviours(path: string): Promise<Record<string, PathBehaviour>> {
  const text = await readOptionFile("behaviours", path);
  let data: unknown;
  try {
    data = readYaml(text);
  } catch (error) {
    throw new UsageError(`--behaviours ${path}: not JSON or YAML: ${yamlErrorLine(error)}`);
  }
  const result = BehavioursSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(
      `--behaviours ${path}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data as Record<string, PathBehaviour>;
}
