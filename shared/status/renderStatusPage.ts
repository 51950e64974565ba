import { createHash } from "node:crypto";
import type { LedgerEntry } from "../ledger/ledgerEntry.ts";
import { SUPPORT_CALENDAR } from "../support/endOfSupport.ts";
import type { AssembledStatus } from "./assembleParts.ts";
import { html, humanDuration, timeTag } from "./statusHtml.ts";
import type { StatusCluster, StatusModel } from "./statusModel.ts";
import { STATUS_PAGE_SCRIPT } from "./statusPageScript.ts";
import { STATUS_PAGE_STYLE } from "./statusPageStyle.ts";
import { type ClusterState, STATE_ORDER, type StatusSummary, summarize } from "./summarize.ts";

const DAY_MS = 86_400_000;
/** Rows of the recent-upgrades table; the JSON and `upgrade-shepherd ledger` hold them all. */
const RECENT_ROWS = 200;

const PROVIDER_NAMES = { cce: "CCE", "cce-autopilot": "CCE Autopilot", ack: "ACK" } as const;

const badge = (word: string, kind = word) =>
  `<span class="st st-${html(kind)}">${html(word)}</span>`;

const keyOf = (c: StatusCluster) =>
  `${c.cluster.provider}/${c.cluster.region}/${c.cluster.clusterId}`;

const needsAttention = (c: StatusCluster) =>
  c.state === "failed" ||
  c.state === "paused" ||
  c.state === "unreadable" ||
  c.state === "unknown" ||
  c.stalled !== null;
const inProgress = (c: StatusCluster) =>
  c.state === "running" || c.state === "pending" || c.state === "prechecking";

function nameCell(c: StatusCluster): string {
  const labels = Object.entries(c.cluster.labels ?? {})
    .map(([k, v]) => `<span class="label">${html(k)}=${html(v)}</span>`)
    .join("");
  return `<td><b>${html(c.cluster.name ?? c.cluster.clusterId)}</b><div class="id">${html(c.cluster.clusterId)}</div>${labels}</td>`;
}

function stateCell(c: StatusCluster): string {
  const stalled = c.stalled ? ` ${badge("stalled")}` : "";
  const raw = c.rawPhase ? `<div class="id">${html(c.rawPhase)}</div>` : "";
  const error = c.readError
    ? `<div class="id">${html(c.readError.kind)}: ${html(c.readError.message)}</div>`
    : "";
  return `<td>${badge(c.state)}${stalled}${raw}${error}</td>`;
}

function progressCell(c: StatusCluster): string {
  if (c.progress === null)
    return `<td class="muted">${c.state === "idle" ? "" : "not reported"}</td>`;
  const p = Math.round(c.progress);
  const step = c.step ? `<div class="id">step ${html(c.step)}</div>` : "";
  return `<td><span class="bar" role="progressbar" aria-valuenow="${p}" aria-valuemin="0" aria-valuemax="100"><span style="width:${p}%"></span></span>${p}%${step}</td>`;
}

/** "≈ 34m left, by 10:34", or "overdue: 1h 10m in, usually 44m". */
function etaCell(c: StatusCluster): string {
  const eta = c.eta;
  if (eta === null) return `<td class="muted">${inProgress(c) ? "too little history" : ""}</td>`;
  const basis = `${eta.basis === "cluster" ? "its own" : "the fleet's"} last ${eta.samples} upgrade${eta.samples === 1 ? "" : "s"}`;
  const stepNote =
    eta.step?.usualMs != null
      ? `<div class="id">${html(eta.step.name)}: ${humanDuration(eta.step.elapsedMs)} in, usually ${humanDuration(eta.step.usualMs)}</div>`
      : "";
  if (eta.overdue) {
    return `<td title="from ${html(basis)}"><b>overdue</b>: ${humanDuration(eta.elapsedMs)} in, usually ${humanDuration(eta.usualTotalMs)}${stepNote}</td>`;
  }
  return `<td title="from ${html(basis)}; between ${html(eta.earliest)} and ${html(eta.latest)}">≈ ${humanDuration(eta.remainingMs)} left, by ${timeTag(eta.at)}${stepNote}</td>`;
}

function versionCell(c: StatusCluster): string {
  const target =
    c.toVersion && c.toVersion !== c.version && c.state !== "succeeded"
      ? ` → ${html(c.toVersion)}`
      : "";
  const support =
    c.support.status === "ended" || c.support.status === "ending"
      ? ` ${badge(c.support.status === "ended" ? "out of support" : `support ends in ${c.support.daysLeft}d`, c.support.status)}`
      : "";
  return `<td>${html(c.version ?? c.fromVersion ?? "unknown")}${target}${support}</td>`;
}

function clusterRow(c: StatusCluster): string {
  const search = [
    c.cluster.name,
    c.cluster.clusterId,
    c.cluster.region,
    c.cluster.provider,
    c.state,
    c.version,
    c.toVersion,
    c.step,
    ...Object.entries(c.cluster.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  ]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  const attrs = `data-state="${html(c.state)}" data-provider="${html(c.cluster.provider)}" data-stalled="${c.stalled ? 1 : 0}" data-attention="${needsAttention(c) ? 1 : 0}" data-search="${html(search)}"`;
  return `<tr id="${html(keyOf(c))}" ${attrs}>${nameCell(c)}<td>${html(PROVIDER_NAMES[c.cluster.provider])}<div class="id">${html(c.cluster.region)}</div></td>${stateCell(c)}${progressCell(c)}${etaCell(c)}${versionCell(c)}<td>${timeTag(c.startedAt)}</td></tr>`;
}

const CLUSTER_HEAD =
  "<thead><tr><th>Cluster</th><th>Provider</th><th>Phase</th><th>Progress</th><th>ETA</th><th>Version</th><th>Upgrade started</th></tr></thead>";

const byUrgency = (a: StatusCluster, b: StatusCluster) =>
  STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
  Number(b.stalled !== null) - Number(a.stalled !== null) ||
  keyOf(a).localeCompare(keyOf(b));

function cards(summary: StatusSummary): string {
  const card = (cls: string, label: string, n: number) =>
    `<div class="card ${cls}"><b>${n}</b>${html(label)}</div>`;
  const s = summary.byState;
  const active = (s.running ?? 0) + (s.pending ?? 0) + (s.prechecking ?? 0);
  return `<div class="cards">${[
    card("failed", "failed", s.failed ?? 0),
    card("stalled", "stalled", summary.stalled),
    card("paused", "paused", s.paused ?? 0),
    card("running", "upgrading", active),
    card("unreadable", "could not be read", s.unreadable ?? 0),
    card("succeeded", "succeeded (last upgrade)", s.succeeded ?? 0),
    card("idle", "no upgrade on record", s.idle ?? 0),
  ].join("")}</div>`;
}

function filters(model: StatusModel): string {
  const states = STATE_ORDER.filter((s) => model.clusters.some((c) => c.state === s));
  const providers = [...new Set(model.clusters.map((c) => c.cluster.provider))].sort();
  const option = (value: string, label: string) =>
    `<option value="${html(value)}">${html(label)}</option>`;
  return `<div class="filters" id="filters" hidden>
<input id="q" type="search" placeholder="Search name, id, region, label, version" aria-label="Search clusters">
<select id="state" aria-label="Phase">${option("", "Every phase")}${option("attention", "Needs attention")}${option("stalled", "stalled")}${states.map((s) => option(s, s)).join("")}</select>
<select id="provider" aria-label="Provider">${option("", "Every provider")}${providers.map((p) => option(p, PROVIDER_NAMES[p])).join("")}</select>
<span id="shown" class="muted" aria-live="polite"></span></div>`;
}

/** Thirty columns, one per UTC day, stacked by outcome; hover gives the day's counts. */
function timeline(recent: readonly LedgerEntry[], now: number, days: number): string {
  const start = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const buckets = Array.from({ length: days }, () => ({
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    other: 0,
  }));
  for (const e of recent) {
    const at = Date.parse(e.startedAt ?? "");
    const i = Math.floor((at - start) / DAY_MS);
    const b = buckets[i];
    if (!b) continue;
    if (e.outcome === "succeeded" || e.outcome === "failed" || e.outcome === "cancelled")
      b[e.outcome]++;
    else b.other++;
  }
  const max = Math.max(1, ...buckets.map((b) => b.succeeded + b.failed + b.cancelled + b.other));
  const cols = buckets
    .map((b, i) => {
      const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
      const title = `${day}: ${b.succeeded} succeeded, ${b.failed} failed, ${b.cancelled} cancelled, ${b.other} in progress`;
      const segs = (["succeeded", "failed", "cancelled", "other"] as const)
        .filter((k) => b[k] > 0)
        .map(
          (k) =>
            `<span class="seg-${k}" style="height:${((b[k] / max) * 100).toFixed(1)}%"></span>`,
        )
        .join("");
      return `<div class="day" title="${html(title)}">${segs}</div>`;
    })
    .join("");
  const first = new Date(start).toISOString().slice(0, 10);
  const last = new Date(start + (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return `<div class="days" role="img" aria-label="Upgrades started per day, ${first} to ${last} (UTC)">${cols}</div>
<div class="axis"><span>${first}</span><span>UTC days</span><span>${last}</span></div>
<p class="legend"><span><i class="seg-succeeded"></i>succeeded</span><span><i class="seg-failed"></i>failed</span><span><i class="seg-cancelled"></i>cancelled</span><span><i class="seg-other"></i>in progress</span></p>`;
}

function recentTable(recent: readonly LedgerEntry[]): string {
  if (recent.length === 0) return `<p class="muted">No upgrade started in this period.</p>`;
  const rows = recent
    .slice(0, RECENT_ROWS)
    .map(
      (e) =>
        `<tr><td><b>${html(e.cluster.name ?? e.cluster.clusterId)}</b><div class="id">${html(PROVIDER_NAMES[e.cluster.provider])} · ${html(e.cluster.region)}</div></td><td>${html(e.fromVersion ?? "?")} → ${html(e.toVersion ?? "?")}</td><td>${timeTag(e.startedAt)}</td><td>${e.durationMs === null ? "" : humanDuration(e.durationMs)}</td><td>${badge(e.outcome)}</td><td>${e.actions.map((a) => html(`${a.action}: ${a.status ?? "?"}`)).join("<br>")}</td></tr>`,
    )
    .join("");
  const more =
    recent.length > RECENT_ROWS
      ? `<p class="muted">${recent.length - RECENT_ROWS} older upgrades are in status.json and in <code>upgrade-shepherd ledger</code>.</p>`
      : "";
  return `<div class="scroll"><table><thead><tr><th>Cluster</th><th>Versions</th><th>Started</th><th>Took</th><th>Outcome</th><th>Actions the cloud shows</th></tr></thead><tbody>${rows}</tbody></table></div>${more}`;
}

function countTable(
  first: string,
  rows: {
    name: string;
    total: number;
    active: number;
    paused: number;
    failed: number;
    stalled: number;
    unreadable: number;
  }[],
): string {
  if (rows.length === 0) return `<p class="muted">None.</p>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${r.name}</td><td class="num">${r.total}</td><td class="num">${r.active}</td><td class="num">${r.paused}</td><td class="num">${r.failed}</td><td class="num">${r.stalled}</td><td class="num">${r.unreadable}</td></tr>`,
    )
    .join("");
  return `<div class="scroll"><table><thead><tr><th>${first}</th><th class="num">clusters</th><th class="num">upgrading</th><th class="num">paused</th><th class="num">failed</th><th class="num">stalled</th><th class="num">unreadable</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function versionsTable(summary: StatusSummary): string {
  const rows = summary.versions
    .map((v) => {
      const s = v.support;
      const word =
        s.status === "ended"
          ? "out of support"
          : s.status === "ending"
            ? `ends in ${s.daysLeft} days`
            : s.status === "supported"
              ? "supported"
              : "no date known";
      const src = s.source?.startsWith("https://")
        ? `<a href="${html(s.source)}" rel="noreferrer">vendor page</a>`
        : "";
      return `<tr><td>${html(PROVIDER_NAMES[v.provider])}</td><td>${html(v.minor ?? "unknown")}</td><td class="num">${v.clusters}</td><td>${html(s.endOfSupport ?? "")}</td><td>${badge(word, s.status)}</td><td>${src}</td></tr>`;
    })
    .join("");
  return `<div class="scroll"><table><thead><tr><th>Provider</th><th>Version</th><th class="num">clusters</th><th>End of support</th><th>Status</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * The fleet's status page: one self-contained HTML document (inline style and script, no
 * outside request; a Content-Security-Policy allows exactly its own script) rendered from the
 * assembled status. Every string from a cloud or a config is escaped (`statusHtml.ts`). The
 * cluster table, counts and versions work without JavaScript; the script adds local times and
 * filtering. Pure.
 */
export function renderStatusPage(
  status: AssembledStatus,
  options: { recentDays?: number } = {},
): string {
  const { model, missing } = status;
  const summary = summarize(model);
  const now = Date.parse(model.generatedAt);
  const days = options.recentDays ?? 30;
  const clusters = [...model.clusters].sort(byUrgency);
  const now_ = clusters.filter((c) => needsAttention(c) || inProgress(c));
  const scriptHash = createHash("sha256").update(STATUS_PAGE_SCRIPT).digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const warn = missing.length
    ? `<p class="warn">Shards ${missing.map((i) => i + 1).join(", ")} of ${model.part.count} have not written their part for this run yet: their clusters are missing below.</p>`
    : "";
  const stateCounts = STATE_ORDER.filter((s) => summary.byState[s])
    .map((s: ClusterState) => `${summary.byState[s]} ${s}`)
    .join(", ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="robots" content="noindex">
<title>Fleet upgrade status · upgrade-shepherd</title>
<style>${STATUS_PAGE_STYLE}</style></head>
<body>
<header><h1>Fleet upgrade status</h1>
<p class="muted">Read at ${timeTag(model.generatedAt)} (run ${timeTag(model.t)}) · ${summary.clusters} clusters: ${html(stateCounts)}</p>
${warn}${cards(summary)}</header>
<main>
<section id="now"><h2>Now: in progress or needing attention (${now_.length})</h2>
${
  now_.length === 0
    ? `<p class="muted">Nothing is upgrading, paused, failed or stalled.</p>`
    : `<div class="scroll"><table>${CLUSTER_HEAD}<tbody>${now_
        .map(clusterRow)
        .join("")
        .replace(/<tr id="/g, '<tr id="now-')}</tbody></table></div>`
}
</section>
<section id="clusters"><h2>Every cluster (${summary.clusters})</h2>
${filters(model)}
<div class="scroll"><table id="clusters-table">${CLUSTER_HEAD}<tbody>${clusters.map(clusterRow).join("\n")}</tbody></table></div>
</section>
<section id="timeline"><h2>Upgrades of the last ${days} days (${model.recent.length}: ${summary.recent.succeeded} succeeded, ${summary.recent.failed} failed, ${summary.recent.cancelled} cancelled, ${summary.recent.other} in progress)</h2>
${timeline(model.recent, now, days)}
${recentTable(model.recent)}
</section>
<section id="counts"><h2>By provider</h2>
${countTable(
  "Provider",
  summary.byProvider.map((p) => ({ ...p, name: html(PROVIDER_NAMES[p.provider]) })),
)}
<h2>By label</h2>
${countTable(
  "Label",
  summary.byLabel.map((l) => ({
    ...l,
    name: `<span class="label">${html(l.key)}=${html(l.value)}</span>`,
  })),
)}
</section>
<section id="versions"><h2>Versions against end of support</h2>
${versionsTable(summary)}
<p class="muted">End-of-support months from the vendors' pages, checked ${html(SUPPORT_CALENDAR.checkedAt)}; a month counts from its first day. ${Object.values(
    SUPPORT_CALENDAR.sources,
  )
    .map((s) => `<a href="${html(s.url)}" rel="noreferrer">${html(s.title)}</a>`)
    .join(" · ")}</p>
</section>
</main>
<footer>upgrade-shepherd · the clouds' own upgrade records, read by the run at ${timeTag(model.t)}. The same data: status.json.</footer>
<script>${STATUS_PAGE_SCRIPT}</script>
</body></html>
`;
}
