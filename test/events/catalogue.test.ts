import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE, catalogueEntry, notifiedByDefault } from "../../shared/events/catalogue.ts";
import { DETAIL_SCHEMAS } from "../../shared/events/detailSchemas.ts";
import { DETAIL_TYPES } from "../../shared/events/detailType.ts";
import { SEVERITIES } from "../../shared/events/severity.ts";

/**
 * DESIGN.md, "Events: the catalogue", transcribed: the data must not drift from it. Read
 * Degraded (issue 13) and Alerts Silenced / Unsilenced (issue 20) are newer than DESIGN.md's
 * table; docs/events.md documents them.
 */
const DESIGN_TABLE = [
  ["Upgrade Started", "edge", "info", "yes"],
  ["Upgrade Paused", "edge", "warning", "yes"],
  ["Upgrade Stalled", "edge", "warning", "yes"],
  ["Upgrade Succeeded", "edge", "info", "yes"],
  ["Upgrade Failed", "edge", "critical", "yes"],
  ["Upgrade Cancelled", "edge", "warning", "yes"],
  ["Poll Failed", "edge", "warning", "yes"],
  ["Read Degraded", "edge", "warning", "yes"],
  // Issue 14: a key that works again resolves the refused key's page; newer than DESIGN.md.
  ["Credentials Accepted", "level", "info", "incidents-only"],
  // Issue 17 (discovery), newer than DESIGN.md's table; docs/events.md documents them.
  ["Cluster Discovered", "edge", "info", "yes"],
  ["Cluster Gone", "edge", "warning", "yes"],
  ["Discovery Failed", "edge", "warning", "yes"],
  ["Postcheck Due", "level", "debug", "no"],
  ["Cancel Due", "level", "debug", "no"],
  ["Resume Due", "level", "debug", "no"],
  // Issue 19 (rollouts), newer than DESIGN.md's table; docs/events.md documents them.
  ["Upgrade Due", "level", "debug", "no"],
  ["Rollout Wave Ready", "edge", "info", "yes"],
  ["Rollout Halted", "edge", "critical", "yes"],
  ["Poll Retry Requested", "internal", "debug", "no"],
  ["Poll Shard Requested", "internal", "debug", "no"],
  ["Postcheck Passed", "outcome", "info", "yes"],
  ["Postcheck Failed", "outcome", "critical", "yes"],
  ["Action Succeeded", "outcome", "info", "yes"],
  ["Action Skipped", "outcome", "debug", "warning-only"],
  ["Action Failed", "outcome", "critical", "yes"],
  ["Auto Actions Suspended", "outcome", "critical", "yes"],
  ["Alerts Silenced", "outcome", "info", "yes"],
  ["Alerts Unsilenced", "outcome", "info", "yes"],
  // Not in DESIGN.md's table (issue 16): a person pressed an action button in chat.
  ["Action Requested", "request", "info", "yes"],
  // Not in DESIGN.md's table: notify's message to deliver, one per (event, receiver).
  ["Delivery Requested", "internal", "debug", "no"],
  // Issue 18: the weekly digest, sent only to receivers whose route names it.
  ["Weekly Digest", "report", "info", "opt-in"],
] as const;

describe("catalogue", () => {
  it("has exactly one entry per detail-type, matching DESIGN.md", () => {
    expect(CATALOGUE.map((e) => e.detailType)).toEqual([...DETAIL_TYPES]);
    expect(CATALOGUE.map((e) => [e.detailType, e.kind, e.severity, e.notify])).toEqual(
      DESIGN_TABLE.map((row) => [...row]),
    );
  });

  it("marks the repeat-bucket edges", () => {
    expect(catalogueEntry("Upgrade Stalled").repeatBucket).toBe(true);
    expect(catalogueEntry("Poll Failed").repeatBucket).toBe(true);
    expect(catalogueEntry("Read Degraded").repeatBucket).toBe(true);
    expect(catalogueEntry("Upgrade Succeeded").repeatBucket).toBe(false);
  });

  it("lets Poll Failed be critical (auth) and Action Skipped be warning", () => {
    expect(catalogueEntry("Poll Failed").severities).toEqual(["warning", "critical"]);
    expect(catalogueEntry("Action Skipped").severities).toEqual(["debug", "warning"]);
  });

  it("notifies by default per the table, and Action Skipped only at warning", () => {
    expect(notifiedByDefault("Upgrade Failed", "critical")).toBe(true);
    expect(notifiedByDefault("Cancel Due", "debug")).toBe(false);
    expect(notifiedByDefault("Action Skipped", "debug")).toBe(false);
    expect(notifiedByDefault("Action Skipped", "warning")).toBe(true);
    // Routed only as the page it resolves (shared/notify/route.ts), never by default.
    expect(notifiedByDefault("Credentials Accepted", "info")).toBe(false);
  });

  it("gives each schema's severity field exactly the catalogue's severities", () => {
    for (const entry of CATALOGUE) {
      // Action Requested and Action Skipped are unions (a cluster's, or a wave's approval):
      // every variant's severity field must be the catalogue's.
      const schema = DETAIL_SCHEMAS[entry.detailType];
      for (const variant of "options" in schema ? schema.options : [schema]) {
        const severity = variant.shape.severity;
        const accepted = SEVERITIES.filter((s) => severity.safeParse(s).success);
        expect(accepted, entry.detailType).toEqual([...entry.severities]);
      }
    }
  });

  it("is documented, row by row, in docs/events.md", () => {
    const md = readFileSync(new URL("../../docs/events.md", import.meta.url), "utf8");
    const rows = md
      .split("\n")
      .filter((l) => l.startsWith("|"))
      .map((l) => l.split("|").map((cell) => cell.trim()));
    for (const entry of CATALOGUE) {
      const row = rows.find((cells) => cells[1] === entry.detailType);
      expect(row, entry.detailType).toBeDefined();
      expect(row?.[3]?.startsWith(entry.kind), entry.detailType).toBe(true);
      expect(row?.[5]?.startsWith(entry.severity), entry.detailType).toBe(true);
    }
  });
});
