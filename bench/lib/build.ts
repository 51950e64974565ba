import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import recipe from "../../scripts/esbuild.config.cjs";

const root = new URL("../../", import.meta.url).pathname;

export interface BuiltBundle {
  name: string;
  file: string;
  /** What a cold start loads: the entry file and the chunks it imports statically. */
  bytes: number;
  /** Every output file, the chunks loaded on demand included. */
  totalBytes: number;
  /** External AWS SDK packages imported statically, i.e. loaded at every cold start. */
  awsSdkAtInit: string[];
  metafile: Metafile;
}

export interface Workspace {
  dir: string;
  functions: BuiltBundle[];
  children: Record<ChildName, BuiltBundle>;
}

export const CHILDREN = [
  "poll",
  "alibaba-sdk",
  "huawei-sdk",
  "signed-client",
  "transport",
] as const;
export type ChildName = (typeof CHILDREN)[number];

/**
 * Builds every function with the project's own build script (`scripts/build.mjs`, the same
 * options as `npm run build` and as deployed), into a scratch directory so a running benchmark
 * never touches `dist/`. The scratch directory links `node_modules`, so the external AWS SDK
 * resolves as it would from the Lambda runtime.
 */
export async function prepareWorkspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-bench-"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: dir, stdio: "pipe" });
  const distDir = join(dir, "dist");
  const names = existsSync(distDir) ? readdirSync(distDir).sort() : [];
  const functions = names
    .filter((name) => existsSync(join(distDir, name, "meta.json")))
    .map((name) => {
      const metafile = JSON.parse(
        readFileSync(join(distDir, name, "meta.json"), "utf8"),
      ) as Metafile;
      const file = join(distDir, name, "handler.mjs");
      return { name, file, ...measureOutputs(metafile), metafile };
    });
  const children = {} as Record<ChildName, BuiltBundle>;
  for (const name of CHILDREN) children[name] = await buildChild(dir, name);
  return { dir, functions, children };
}

/**
 * The benchmark's child scripts, with the recipe a function is bundled with
 * (`scripts/esbuild.config.cjs`), so an SDK baseline is bundled exactly as a function would be.
 */
export async function buildChild(dir: string, name: ChildName): Promise<BuiltBundle> {
  const file = join(dir, "children", `${name}.mjs`);
  const result = await build({
    ...recipe.bundleOptions,
    // One output file: a child is measured as one script.
    splitting: false,
    entryPoints: [join(root, "bench/children", `${name}.ts`)],
    outfile: file,
    metafile: true,
    logLevel: "error",
  });
  return { name, file, ...measureOutputs(result.metafile), metafile: result.metafile };
}

/** The outputs a cold start loads: the entry and, transitively, its static chunk imports. */
function initialOutputs(metafile: Metafile): string[] {
  const outputs = Object.keys(metafile.outputs).filter((p) => /\.m?js$/.test(p));
  // A function's entry is handler.mjs (scripts/build.mjs names it): the chunk of a dynamic
  // import has an `entryPoint` too, and may come first in the metafile.
  const entry =
    outputs.find((p) => p.endsWith("/handler.mjs")) ??
    outputs.find((p) => metafile.outputs[p]?.entryPoint) ??
    outputs[0];
  const seen = new Set<string>();
  const visit = (path: string | undefined) => {
    if (!path || seen.has(path)) return;
    seen.add(path);
    for (const imp of metafile.outputs[path]?.imports ?? []) {
      if (imp.kind === "import-statement" && !imp.external) visit(imp.path);
    }
  };
  visit(entry);
  return [...seen];
}

function measureOutputs(metafile: Metafile) {
  const initial = initialOutputs(metafile);
  const size = (paths: string[]) =>
    paths.reduce((n, p) => n + (metafile.outputs[p]?.bytes ?? 0), 0);
  const all = Object.keys(metafile.outputs).filter((p) => /\.m?js$/.test(p));
  const awsSdkAtInit = new Set<string>();
  for (const p of initial) {
    for (const imp of metafile.outputs[p]?.imports ?? []) {
      if (imp.external && imp.kind === "import-statement" && imp.path.startsWith("@aws-sdk/")) {
        awsSdkAtInit.add(imp.path);
      }
    }
  }
  return { bytes: size(initial), totalBytes: size(all), awsSdkAtInit: [...awsSdkAtInit].sort() };
}

/** Minified bytes per npm package in what a cold start loads (own files as `(own code)`). */
export function bytesByPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const path of initialOutputs(metafile)) {
    const output = metafile.outputs[path];
    if (!output) continue;
    for (const [inputPath, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
      const name = match?.[1] ?? "(own code)";
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
