// Bundles each function (functions/<name>/handler.ts) into dist/<name>/handler.mjs, minified,
// with @aws-sdk/* external as deployed (the Lambda runtime provides it), plus a metafile for
// the benchmark's size breakdown.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const functionsDir = new URL("../functions/", import.meta.url).pathname;
const names = readdirSync(functionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, "handler.ts")))
  .map((d) => d.name);

export const bundleOptions = (name) => ({
  entryPoints: [join(functionsDir, name, "handler.ts")],
  outfile: `dist/${name}/handler.mjs`,
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // As serverless.yml: the runtime provides the AWS SDK, and node-fetch's fetch-blob requires
  // web-streams-polyfill only on Node < 16.5.
  external: ["@aws-sdk/*", "web-streams-polyfill/*"],
  metafile: true,
  legalComments: "none",
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});

for (const name of names) {
  const result = await build(bundleOptions(name));
  writeFileSync(`dist/${name}/meta.json`, JSON.stringify(result.metafile));
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  console.log(`${name.padEnd(24)} ${(bytes / 1024).toFixed(1)} KB`);
}
if (names.length === 0) console.log("no functions to build yet");
