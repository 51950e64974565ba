/** A titled table of strings, printed with aligned columns (numbers right-aligned). */
export interface Table {
  title: string;
  head: string[];
  rows: string[][];
  notes?: string[];
}

const numeric = (cell: string) => /^[-+]?\$?[\d,.]+/.test(cell.trim());

export function renderTable(table: Table): string {
  const widths = table.head.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [`\n${table.title}\n`, line(table.head), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of table.rows) out.push(line(row));
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join("\n");
}

/** The same table as Markdown, for bench/README.md. */
export function markdownTable(table: Table): string {
  const esc = (c: string) => c.replaceAll("|", "\\|");
  const right = table.head.map(
    (_, i) => i > 0 && table.rows.every((r) => (r[i] ?? "") === "" || numeric(r[i] ?? "")),
  );
  const out = [
    `| ${table.head.map(esc).join(" | ")} |`,
    `|${right.map((r) => (r ? "---:" : "---")).join("|")}|`,
    ...table.rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ];
  if (table.notes?.length) out.push("", `<sub>${esc(table.notes.join(" "))}</sub>`);
  return out.join("\n");
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (kbytes: number | null): string =>
  kbytes === null ? "n/a" : `${(kbytes / 1024).toFixed(1)} MB`;
/** A figure that was not measured (a process whose CPU time was not reported) shows as n/a. */
const measured = (value: number | null): value is number =>
  value !== null && Number.isFinite(value);
export const ms = (value: number | null, digits = 0): string =>
  measured(value)
    ? `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ms`
    : "n/a";
export const ratio = (value: number | null): string =>
  measured(value) ? `${value.toFixed(2)}×` : "n/a";
export const int = (value: number): string => Math.round(value).toLocaleString("en-US");
