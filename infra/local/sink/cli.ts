import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type CliIo, type Command, untilSignal } from "../../../shared/cli/io.ts";
import { readYaml } from "../../../shared/config/readYaml.ts";
import { BehavioursSchema, type PathBehaviour, SINK_VENDORS } from "./behaviour.ts";
import { type SinkDelivery, startWebhookSink, type WebhookSink } from "./server.ts";

export const SINK_USAGE = `usage: upgrade-shepherd sink [options]

Receives webhook deliveries on 127.0.0.1, records them and answers like each vendor.
Each vendor has a path: /slack /teams /feishu /dingtalk /wecom /pagerduty /webhook /cloudevents.

options:
  --port P            port to listen on (default 0: any free port)
  --secret S          verify signatures on /webhook, /cloudevents, /dingtalk and /feishu with S
  --rate-limit N      messages a minute /dingtalk and /wecom accept (default 20, like the robots)
  --behaviours FILE   JSON or YAML: {"/path": {vendor, replies, verify, rateLimit}}, merged over the defaults
  --json              print every delivery as one JSON line on stdout
  -h, --help          show this help

The first line on stdout is JSON: {"url", "paths": {vendor: url}}. Stops on SIGINT/SIGTERM.
`;

class UsageError extends Error {}

/** The default paths: one per vendor, robots rate-limited, signatures checked when a secret is given. */
export function defaultBehaviours(
  secret: string | undefined,
  perMinute: number,
): Record<string, PathBehaviour> {
  const signed = new Set(["webhook", "cloudevents", "dingtalk", "feishu"]);
  return Object.fromEntries(
    SINK_VENDORS.map((vendor) => [
      `/${vendor}`,
      {
        vendor,
        ...(secret && signed.has(vendor) ? { verify: { secret } } : {}),
        ...(vendor === "dingtalk" || vendor === "wecom" ? { rateLimit: { perMinute } } : {}),
      },
    ]),
  );
}

/** A delivery as one readable line, for the local stack's timeline. Bodies stay in --json. */
export function describeDelivery(d: SinkDelivery): string {
  const sig = d.signature === "unchecked" ? "" : ` signature ${d.signature}`;
  const dup = d.duplicateOf ? ` duplicate of #${d.duplicateOf}` : "";
  return `sink: #${d.seq} ${d.at} ${d.method} ${d.path} -> ${d.reply.status} (${Buffer.byteLength(d.body)} bytes)${sig}${dup}\n`;
}

/**
 * Runs the sink until `signal` aborts. Split from `sinkCommand` so tests run it in-process; the
 * command wires SIGINT and SIGTERM to the signal.
 */
export async function runSink(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let sink: WebhookSink;
  let json = false;
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        secret: { type: "string" },
        "rate-limit": { type: "string" },
        behaviours: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.out(SINK_USAGE);
      return 0;
    }
    const port = wholeNumber("port", values.port) ?? 0;
    const perMinute = wholeNumber("rate-limit", values["rate-limit"]) ?? 20;
    if (perMinute < 1) throw new UsageError("--rate-limit must be at least 1");
    json = values.json ?? false;
    const extra = values.behaviours ? await readBehaviours(values.behaviours) : {};
    sink = await startWebhookSink({
      port,
      behaviours: { ...defaultBehaviours(values.secret, perMinute), ...extra },
      onDelivery: (d) => {
        if (json) io.out(`${JSON.stringify(d)}\n`);
        io.err(describeDelivery(d));
      },
    });
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`upgrade-shepherd sink: ${error.message}\n\n${SINK_USAGE}`);
      return 2;
    }
    throw error;
  }
  io.out(
    `${JSON.stringify({ url: sink.url, paths: Object.fromEntries(SINK_VENDORS.map((v) => [v, sink.urlFor(`/${v}`)])) })}\n`,
  );
  io.err(`sink: listening on ${sink.url}; Ctrl-C to stop\n`);
  if (!signal.aborted) {
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
  }
  await sink.close();
  io.err(`sink: stopped after ${sink.deliveries.length} deliveries\n`);
  return 0;
}

export const sinkCommand: Command = untilSignal(runSink);

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

async function readBehaviours(path: string): Promise<Record<string, PathBehaviour>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`--behaviours: cannot read ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = readYaml(text);
  } catch (error) {
    throw new UsageError(
      `--behaviours ${path}: not JSON or YAML: ${(error as Error).message.split("\n")[0]}`,
    );
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
