import { readFile } from "node:fs/promises";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../shared/config/configJsonSchema.ts";
import { loadConfig } from "../../shared/config/loadConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";

const root = new URL("../../", import.meta.url);
const schemaFile = new URL("config/config.schema.json", root);
const exampleFile = new URL("config/example.yaml", root);

describe("config/config.schema.json", () => {
  it("is what the zod schema generates now (regenerate: npx tsx scripts/config-schema.ts)", async () => {
    const committed = JSON.parse(await readFile(schemaFile, "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("rejects unknown keys in every object, as parseConfig does", () => {
    const open: string[] = [];
    walk(configJsonSchema(), "", (node, path) => {
      if (node.type === "object" && node.properties && node.additionalProperties !== false)
        open.push(path);
    });
    expect(open).toEqual([]);
  });

  it("describes every field, for editor hovers", () => {
    const undocumented: string[] = [];
    walk(configJsonSchema(), "", (node, path) => {
      for (const [name, field] of Object.entries(node.properties ?? {})) {
        if (!(field as SchemaNode).description) undocumented.push(`${path}.${name}`);
      }
    });
    expect(undocumented).toEqual([]);
  });
});

describe("config/example.yaml", () => {
  it("points editors at the schema beside it", async () => {
    const text = await readFile(exampleFile, "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./config.schema.json");
  });

  it("loads through SHEPHERD_CONFIG_FILE and resolves", async () => {
    const config = await loadConfig({ env: { SHEPHERD_CONFIG_FILE: exampleFile.pathname } });
    const clusters = resolveClusters(config);
    const providers = new Set(clusters.map((c) => c.ref.provider));
    expect(providers).toEqual(new Set(["cce", "cce-autopilot", "ack"]));
    expect(clusters.some((c) => c.policy.dryRun)).toBe(true);
    expect(clusters.some((c) => c.policy.onPause === "resume-in-window")).toBe(true);
    expect(new Set(clusters.map((c) => c.credentials)).size).toBeGreaterThan(2);
  });

  it("loads with its commented examples uncommented (quiet, rollouts)", async () => {
    const text = await readFile(exampleFile, "utf8");
    const blocks = [...text.matchAll(/# \(uncomment to use\)\n([\s\S]*?)\n\s*# \(end\)/g)];
    expect(blocks).toHaveLength(2);
    let uncommented = text;
    for (const [, block = ""] of blocks) {
      uncommented = uncommented.replace(block, block.replace(/^(\s*)# /gm, "$1"));
    }
    const config = await loadConfig({
      env: { SHEPHERD_CONFIG_JSON: JSON.stringify(load(uncommented)) },
    });
    expect(config.defaults.quietDuringUpgrade?.targets[0]?.name).toBe("prod-alertmanager");
    expect(config.rollouts.map((r) => r.waves.map((w) => w.name))).toEqual([
      ["canary", "early", "rest"],
    ]);
    // The canary selector matches a cluster of the example's inventory.
    const canary = resolveClusters(config).filter(
      (c) => c.ref.labels.env === "prod" && c.ref.labels.team === "platform",
    );
    expect(canary.length).toBeGreaterThan(0);
  });
});

interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

/** `if`/`then`/`else` hold conditions (the projectId rule), not fields. */
const CONDITIONS = new Set(["if", "then", "else"]);

function walk(node: unknown, path: string, visit: (node: SchemaNode, path: string) => void): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, `${path}[${i}]`, visit);
    return;
  }
  visit(node as SchemaNode, path);
  for (const [key, child] of Object.entries(node)) {
    if (!CONDITIONS.has(key)) walk(child, `${path}/${key}`, visit);
  }
}
