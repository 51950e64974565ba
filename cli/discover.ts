import { createSignedClient } from "../shared/client/client.ts";
import { discoverCredentialNames } from "../shared/config/discoverConfig.ts";
import { credentialNames, loadCredentials } from "../shared/config/loadCredentials.ts";
import { resolveClusters } from "../shared/config/resolveClusters.ts";
import { discoverFleet, type FleetDiscovery } from "../shared/discover/discoverFleet.ts";
import { scopeName } from "../shared/discover/discoverySource.ts";
import type { InventoryCluster } from "../shared/discover/inventory.ts";
import { ShepherdError } from "../shared/errors.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";
import { readConfig } from "./poll.ts";
import { formatRows } from "./table.ts";

const USAGE = `usage: upgrade-shepherd discover --config FILE [--json] [--all]

Lists every source under \`discover\` once, as a scheduled run would (the same list calls, filters
and limits), and prints what would be watched: one row per cluster of the inventory, listed and
discovered, with where it came from, the source and the rule that matched it, and its labels.
Then each source that could not be listed completely, and why. Nothing is polled or published.
--all also prints the clusters each source listed and its filters left out, and why.
--json prints one JSON object: {"inventory", "skipped", "sources", "failures"}.
Credentials come from SHEPHERD_CREDENTIALS_<NAME> variables (or Secrets Manager when
SHEPHERD_CREDENTIALS_SECRET_PREFIX is set).

Exit codes: 0 every source was listed; 1 some source was not (its clusters found so far are
shown; the rest is unknown); 2 bad options or config (nothing was listed); 4 an error of ours.
`;

const OPTIONS = {
  config: { type: "string" },
  json: { type: "boolean" },
  all: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `upgrade-shepherd discover`: check the filters before deploying. */
export async function discoverCommand(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  try {
    values = parseCommandArgs(args, OPTIONS);
    if (!values.help && !values.config) throw new UsageError("give --config FILE");
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upgrade-shepherd discover: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let config: Awaited<ReturnType<typeof readConfig>>;
  try {
    config = await readConfig(values.config as string, io.env);
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    io.err(`upgrade-shepherd discover: ${error.message}\n`);
    return EXIT.usage;
  }
  const listed = resolveClusters(config);
  const names = [...credentialNames(listed), ...discoverCredentialNames(config.discover)];
  const credentials = await loadCredentials([...new Set(names)].sort(), { env: io.env });
  const fleet = await discoverFleet(config, listed, {
    client: createSignedClient({ timeoutMs: config.poll.requestTimeout }),
    credentials,
  });
  io.out(
    values.json ? `${JSON.stringify(asJson(fleet))}\n` : renderText(fleet, values.all === true),
  );
  return fleet.failed.length === 0 ? EXIT.ok : EXIT.unread;
}

const inventoryRow = (c: InventoryCluster) => ({
  key: c.key,
  provider: c.ref.provider,
  region: c.ref.region,
  projectId: c.ref.projectId ?? null,
  clusterId: c.ref.clusterId,
  name: c.ref.name ?? null,
  labels: c.ref.labels,
  origin: c.origin,
  source: c.discovery?.source ?? null,
  rule: c.discovery?.rule ?? null,
  alsoMatchedBy: c.discovery?.alsoMatchedBy ?? [],
  createdAt: c.discovery?.createdAt ?? null,
  credentials: c.credentials,
  endpoint: c.endpoint,
});

/** The JSON form: every row has the same keys, so `jq` filters stay simple. */
function asJson(fleet: FleetDiscovery) {
  return {
    inventory: fleet.inventory.map(inventoryRow),
    skipped: fleet.skipped.map((s) => ({
      source: s.source,
      provider: s.cluster.provider,
      region: s.cluster.region,
      projectId: s.cluster.projectId ?? null,
      clusterId: s.cluster.clusterId,
      name: s.cluster.name,
      reason: s.reason,
    })),
    sources: fleet.listings.map(({ source, scopes }) => ({
      name: source.name,
      provider: source.provider,
      credentialSet: source.credentials,
      account: source.account ?? null,
      regions: scopes.map((s) => ({
        region: s.scope.region,
        projectId: s.scope.projectId ?? null,
        listed: s.clusters.length,
        pages: s.pages,
        complete: s.complete,
        unreadableItems: s.unreadable,
      })),
      matched: fleet.matched.filter((m) => m.source.name === source.name).length,
    })),
    failures: fleet.failed.flatMap(({ source, scopes }) =>
      scopes.map(({ scope, failure, found }) => ({
        source: source.name,
        region: scope.region,
        projectId: scope.projectId ?? null,
        ...failure,
        clustersFound: found,
      })),
    ),
  };
}

function renderText(fleet: FleetDiscovery, all: boolean): string {
  const rows = [["CLUSTER", "PROVIDER", "REGION", "FROM", "SOURCE", "RULE", "LABELS"]];
  for (const c of fleet.inventory) {
    const also = c.discovery?.alsoMatchedBy.length
      ? ` (also ${c.discovery.alsoMatchedBy.join(", ")})`
      : "";
    rows.push([
      c.ref.name ?? c.ref.clusterId,
      c.ref.provider,
      c.ref.projectId ? `${c.ref.region}/${c.ref.projectId}` : c.ref.region,
      c.origin,
      c.discovery ? `${c.discovery.source}${also}` : "-",
      c.discovery?.rule ?? "listed in clusters",
      Object.entries(c.ref.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",") || "-",
    ]);
  }
  const discovered = fleet.inventory.filter((c) => c.origin !== "listed").length;
  let out = `would watch ${fleet.inventory.length} cluster(s): ${fleet.inventory.length - discovered} listed only, ${discovered} discovered by ${fleet.listings.length} source(s), in ${fleet.tookMs} ms\n`;
  out += formatRows(rows);
  for (const { source, scopes } of fleet.failed) {
    out += `\nsource ${source.name} (${source.provider}, credential set ${source.credentials}) was not listed completely: what it found so far is above; the rest is unknown\n`;
    for (const { scope, failure, found } of scopes) {
      out += `  ${scopeName(scope)}: ${failure.kind}${failure.code ? ` ${failure.code}` : ""}: ${failure.message} (${found} found before it)\n`;
    }
  }
  if (all && fleet.skipped.length > 0) {
    const skipped = [["SKIPPED", "PROVIDER", "REGION", "SOURCE", "WHY"]];
    for (const s of fleet.skipped) {
      skipped.push([s.cluster.name, s.cluster.provider, s.cluster.region, s.source, s.reason]);
    }
    out += `\n${formatRows(skipped)}`;
  } else if (fleet.skipped.length > 0) {
    out += `\n${fleet.skipped.length} listed cluster(s) left out by the filters (--all shows them, and why)\n`;
  }
  return out;
}
