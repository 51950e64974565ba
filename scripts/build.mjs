// Bundles each function (functions/<name>/handler.ts) into dist/<name>/handler.mjs, minified,
// with @aws-sdk/* external as deployed (the Lambda runtime provides it), plus a metafile for
// the benchmark's size breakdown. Split as serverless.yml splits: what is imported dynamically
// (the SSM and Secrets Manager readers and their AWS clients) goes to its own chunk beside
// handler.mjs, loaded only when used, instead of at every cold start.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const functionsDir = new URL("../functions/", import.meta.url).pathname;
const names = readdirSync(functionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, "handler.ts")))
  .map((d) => d.name);

export const bundleOptions = (name) => ({
  entryPoints: { handler: join(functionsDir, name, "handler.ts") },
  outdir: `dist/${name}`,
  outExtension: { ".js": ".mjs" },
  splitting: true,
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
