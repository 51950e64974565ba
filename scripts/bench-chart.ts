/**
 * Draws bench/fanout.svg from bench/results.json: fan-out wall time against cluster count, beside
 * the ideal for the same limits. Plain SVG, no dependencies.
 *
 *   tsx scripts/bench-chart.ts [results.json] [out.svg]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

interface ChartRun {
  clusters: number;
  whatIf?: boolean;
  sharded: boolean;
  wallMs: number;
  idealMs: number;
  readErrors: number;
}

interface ChartInput {
  machine?: { cpu?: string; cores?: number; node?: string; date?: string };
  fanout: { latencyMs: number; rateLimit: { requestsPerSecond: number }; runs: ChartRun[] };
}

const W = 780;
const H = 440;
const M = { top: 56, right: 190, bottom: 56, left: 64 };

const esc = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A "nice" upper bound and step for an axis from 0 to `max`. */
function niceScale(max: number): { top: number; step: number } {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { top: Math.ceil(max / step) * step, step };
}

export function renderChart(input: ChartInput): string {
  const runs = input.fanout.runs.filter((r) => !r.whatIf).sort((a, b) => a.clusters - b.clusters);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const xs = runs.map((r) => r.clusters);
  const lo = Math.floor(Math.log10(Math.min(...xs)));
  const hi = Math.ceil(Math.log10(Math.max(...xs)));
  const x = (n: number) => M.left + ((Math.log10(n) - lo) / Math.max(1, hi - lo)) * plotW;
  const maxS = Math.max(...runs.flatMap((r) => [r.wallMs, r.idealMs])) / 1000;
  const { top, step } = niceScale(maxS * 1.05);
  const y = (s: number) => M.top + plotH - (s / top) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="600">poll-status fan-out: wall time against clusters</text>`,
    `<text x="${M.left}" y="38" fill="#555">${esc(
      `${input.fanout.latencyMs} ms per request, ${input.fanout.rateLimit.requestsPerSecond} req/s per key` +
        (input.machine
          ? ` · ${input.machine.cpu ?? ""}, ${input.machine.cores ?? "?"} cores, Node ${input.machine.node ?? ""}`
          : ""),
    )}</text>`,
  ];
  for (let v = 0; v <= top + 1e-9; v += step) {
    out.push(
      `<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#333">${Number(v.toFixed(2))} s</text>`,
    );
  }
  for (let p = lo; p <= hi; p++) {
    const px = x(10 ** p).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${M.top}" y2="${M.top + plotH}" stroke="#f0f0f0"/>`,
      `<text x="${px}" y="${M.top + plotH + 18}" text-anchor="middle" fill="#333">${(10 ** p).toLocaleString("en-US")}</text>`,
    );
  }
  out.push(
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<text x="${M.left + plotW / 2}" y="${H - 14}" text-anchor="middle" fill="#333">clusters (log scale)</text>`,
  );
  const path = (pick: (r: ChartRun) => number) =>
    runs
      .map((r, i) => `${i ? "L" : "M"}${x(r.clusters).toFixed(1)},${y(pick(r) / 1000).toFixed(1)}`)
      .join(" ");
  out.push(
    `<path d="${path((r) => r.idealMs)}" fill="none" stroke="#9aa5b1" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<path d="${path((r) => r.wallMs)}" fill="none" stroke="#1f6feb" stroke-width="2.5"/>`,
  );
  for (const [i, r] of runs.entries()) {
    const cx = x(r.clusters);
    const cy = y(r.wallMs / 1000);
    // Neighbours on a log axis can sit close: alternate the labels' heights.
    const lift = i % 2 === 0 ? 10 : 24;
    out.push(
      `<circle cx="${cx.toFixed(1)}" cy="${y(r.idealMs / 1000).toFixed(1)}" r="3" fill="#9aa5b1"/>`,
      r.sharded
        ? `<rect x="${(cx - 5).toFixed(1)}" y="${(cy - 5).toFixed(1)}" width="10" height="10" fill="#1f6feb"/>`
        : `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="4.5" fill="#1f6feb"/>`,
      `<text x="${cx.toFixed(1)}" y="${(cy - lift).toFixed(1)}" text-anchor="middle" fill="#1f6feb">${(r.wallMs / 1000).toFixed(1)} s</text>`,
    );
    if (r.readErrors) {
      out.push(
        `<text x="${cx.toFixed(1)}" y="${(cy + lift + 8).toFixed(1)}" text-anchor="middle" font-size="11" fill="#b42318">${r.readErrors} unread</text>`,
      );
    }
  }
  const lx = M.left + plotW + 16;
  out.push(
    `<line x1="${lx}" x2="${lx + 24}" y1="${M.top + 8}" y2="${M.top + 8}" stroke="#1f6feb" stroke-width="2.5"/>`,
    `<text x="${lx + 30}" y="${M.top + 12}">measured wall</text>`,
    `<line x1="${lx}" x2="${lx + 24}" y1="${M.top + 28}" y2="${M.top + 28}" stroke="#9aa5b1" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${lx + 30}" y="${M.top + 32}">ideal for the limits</text>`,
    `<circle cx="${lx + 12}" cy="${M.top + 48}" r="4.5" fill="#1f6feb"/>`,
    `<text x="${lx + 30}" y="${M.top + 52}">one invocation</text>`,
    `<rect x="${lx + 7}" y="${M.top + 63}" width="10" height="10" fill="#1f6feb"/>`,
    `<text x="${lx + 30}" y="${M.top + 72}">sharded</text>`,
    `<text x="${lx}" y="${M.top + 96}" font-size="11" fill="#b42318">n unread: clusters whose</text>`,
    `<text x="${lx}" y="${M.top + 110}" font-size="11" fill="#b42318">read failed (429s), retried</text>`,
    `<text x="${lx}" y="${M.top + 124}" font-size="11" fill="#b42318">by Poll Retry Requested</text>`,
    "</svg>",
  );
  return `${out.join("\n")}\n`;
}

/** Writes the chart for a results object (what bench/run.ts calls after each run). */
export function writeChart(input: ChartInput, file: string): void {
  writeFileSync(file, renderChart(input));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const input = resolve(process.argv[2] ?? "bench/results.json");
  const output = resolve(process.argv[3] ?? "bench/fanout.svg");
  writeChart(JSON.parse(readFileSync(input, "utf8")) as ChartInput, output);
  console.log(`wrote ${output}`);
}
