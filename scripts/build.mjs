// Bundles each function (functions/<name>/handler.ts) into dist/<name>/handler.mjs with the
// recipe serverless.yml deploys (scripts/esbuild.config.cjs), plus a metafile for the
// benchmark's size breakdown.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import recipe from "./esbuild.config.cjs";

const functionsDir = new URL("../functions/", import.meta.url).pathname;
const names = readdirSync(functionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, "handler.ts")))
  .map((d) => d.name);

export const bundleOptions = (name) => ({
  ...recipe.bundleOptions,
  entryPoints: { handler: join(functionsDir, name, "handler.ts") },
  outdir: `dist/${name}`,
  outExtension: { ".js": ".mjs" },
  metafile: true,
});

for (const name of names) {
  rmSync(`dist/${name}`, { recursive: true, force: true });
  const result = await build(bundleOptions(name));
  writeFileSync(`dist/${name}/meta.json`, JSON.stringify(result.metafile));
  const outputs = Object.entries(result.metafile.outputs);
  const main = outputs.find(([path]) => path.endsWith("/handler.mjs"))?.[1].bytes ?? 0;
  const total = outputs.reduce((n, [, o]) => n + o.bytes, 0);
  console.log(
    `${name.padEnd(24)} ${(main / 1024).toFixed(1)} KB` +
      (total > main ? ` (+ ${((total - main) / 1024).toFixed(1)} KB in split chunks)` : ""),
  );
}
if (names.length === 0) console.log("no functions to build yet");
