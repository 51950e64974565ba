import type { Action, PressAction } from "../events/outcomeDetails.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { clusterDisplay, providerName } from "../notify/view/words.ts";
import { escapeHtml } from "./html.ts";

/**
 * Response headers of every page: nothing cached or indexed, no referrer (the URL holds the
 * token), no framing, no script at all, and a form that may post only back here.
 */
export const PAGE_HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const VERBS: Record<PressAction, { button: string; what: string }> = {
  resume: { button: "Resume now", what: "resume the paused upgrade of" },
  cancel: { button: "Cancel upgrade", what: "cancel the failed upgrade of" },
  postcheck: { button: "Run postcheck", what: "run the post-upgrade check of" },
  approve: { button: "Approve wave", what: "approve" },
};

/** What a link's page shows: a cluster's action, or a rollout wave's approval. */
export type PageFacts = ClusterPageFacts | ApprovePageFacts;

export interface ApprovePageFacts {
  action: "approve";
  rollout: string;
  wave: string;
  receiver: string;
  expiresAt: Date;
}

export interface ClusterPageFacts {
  action: Action;
  cluster: ClusterRef;
  upgradeId: string;
  receiver: string;
  expiresAt: Date;
  /** The receiver lets a resume pass the maintenance window. */
  overrideWindow: boolean;
}

/**
 * What a signed link shows on GET: what the button would do, and a button that POSTs it. The
 * GET itself changes nothing, because link previews and mail scanners open links. The token
 * rides in a hidden field, so the POST needs no query string.
 */
export function confirmationPage(facts: PageFacts, token: string): string {
  if (facts.action === "approve") return approvePage(facts, token);
  const verb = VERBS[facts.action];
  const name = clusterDisplay(facts.cluster);
  const rows: [string, string][] = [
    ["Cluster", `${name} (${facts.cluster.clusterId})`],
    ["Where", `${providerName(facts.cluster.provider)} · ${facts.cluster.region}`],
    ["Upgrade", facts.upgradeId],
    ["From", `the alerts of ${facts.receiver}`],
    ["Link expires", `${facts.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC`],
  ];
  if (facts.action === "resume") {
    rows.push([
      "Maintenance window",
      facts.overrideWindow
        ? "this channel may resume outside it; the outcome will say so"
        : "respected: outside it, nothing is resumed",
    ]);
  }
  const body = `
  <h1>${escapeHtml(verb.button)}: ${escapeHtml(name)}?</h1>
  <p class="lead">Confirm to ${escapeHtml(verb.what)} <b>${escapeHtml(name)}</b>. Opening this page changed nothing.</p>
  ${factsAndForm(rows, token, facts.action)}
  <p class="small">The same checks as the automatic action run first: a fresh read of the cluster, the
  cloud's documented preconditions, the maintenance window, the blast-radius limit and dry run.
  A link cannot tell who opened it, so the record says the presser is unknown.</p>`;
  return page(`${verb.button}: ${name}`, body);
}

/**
 * An Approve link: which wave of which rollout, and what a press does. The press is judged again
 * on fresh reads: it starts nothing if the wave halted, is not current or has begun since.
 */
function approvePage(facts: ApprovePageFacts, token: string): string {
  const what = `wave ${facts.wave} of rollout ${facts.rollout}`;
  const rows: [string, string][] = [
    ["Rollout", facts.rollout],
    ["Wave", facts.wave],
    ["From", `the alerts of ${facts.receiver}`],
    ["Link expires", `${facts.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC`],
  ];
  const body = `
  <h1>Approve ${escapeHtml(what)}?</h1>
  <p class="lead">Confirm to start the first upgrades of <b>${escapeHtml(what)}</b>. Opening this page changed nothing.</p>
  ${factsAndForm(rows, token, "approve")}
  <p class="small">The rollout is judged again on fresh reads first: nothing starts if it has halted,
  if this wave is no longer the one waiting, or if it has begun since. Each start then runs the
  usual checks: a fresh read of the cluster, the blast-radius limit and dry run. A link cannot
  tell who opened it, so the record says the presser is unknown.</p>`;
  return page(`Approve ${what}`, body);
}

function factsAndForm(rows: readonly [string, string][], token: string, action: PressAction) {
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>
  <form method="post" action="">
    <input type="hidden" name="t" value="${escapeHtml(token)}">
    <button type="submit" class="${action === "cancel" ? "danger" : "primary"}">${escapeHtml(VERBS[action].button)}</button>
  </form>`;
}

/** The answer to a POST: requested (the outcome follows in the channel), or why not. */
export function resultPage(title: string, lines: readonly string[]): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · upgrade-shepherd</title>
<style>
  body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Noto Sans", Helvetica, Arial, sans-serif;
    color: #1d2939; background: #f2f4f7; margin: 0; padding: 32px 16px; }
  main { max-width: 560px; margin: 0 auto; background: #fff; border-radius: 12px; padding: 28px 32px;
    box-shadow: 0 1px 3px rgba(16, 24, 40, .1); }
  .brand { font-size: 12px; letter-spacing: .06em; text-transform: uppercase; color: #667085; }
  h1 { font-size: 22px; margin: 6px 0 8px; }
  .lead { margin: 0 0 16px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0 0 20px;
    padding: 12px 16px; background: #f9fafb; border-radius: 8px; }
  dt { color: #667085; } dd { margin: 0; overflow-wrap: anywhere; }
  button { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: 10px 20px;
    cursor: pointer; color: #fff; background: #1570ef; }
  button.danger { background: #d92d20; }
  .small { font-size: 13px; color: #667085; margin-top: 20px; }
</style></head>
<body><main><div class="brand">upgrade-shepherd</div>${body}</main></body></html>
`;
}
