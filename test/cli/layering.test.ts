import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Issue 15, "Layering": the design's rules about who may import whom and who reads the
// environment, checked on the product's source (bench/ and test/ are tools, not product).
const root = resolve(new URL("../..", import.meta.url).pathname);
const AREAS = ["functions", "shared", "infra", "cli", "bin", "scripts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const files = AREAS.flatMap(sourceFiles);

/** Every relative import of a file, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((s) => relative(root, resolve(root, dirname(file), s)));
}

/** Code lines that read process.env (comments mention it; they do not count). */
const readsEnv = (file: string): boolean =>
  readFileSync(join(root, file), "utf8")
    .split("\n")
    .some((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && /\bprocess\.env\b/.test(line));

describe("layering", () => {
  it("finds the source it checks", () => {
    expect(files).toContain("cli/main.ts");
    expect(files).toContain("shared/config/runtime.ts");
  });

  it("only shared/config reads process.env", () => {
    const readers = files.filter(readsEnv);
    expect(readers.filter((f) => !f.startsWith("shared/config/"))).toEqual([]);
  });

  it("shared/ imports neither infra/, cli/ nor functions/", () => {
    const upward = files
      .filter((f) => f.startsWith("shared/"))
      .flatMap((f) => importsOf(f).map((to) => `${f} -> ${to}`))
      .filter((arrow) => /-> (infra|cli|functions)\//.test(arrow));
    expect(upward).toEqual([]);
  });

  it("infra/ and functions/ never import the command line", () => {
    const upward = files
      .filter((f) => f.startsWith("infra/") || f.startsWith("functions/"))
      .flatMap((f) => importsOf(f).map((to) => `${f} -> ${to}`))
      .filter((arrow) => /-> cli\//.test(arrow));
    expect(upward).toEqual([]);
  });

  it("has one barrel in shared/: the signed client's index.ts; everything else is imported from its file", () => {
    const barrels = files.filter((f) => f.startsWith("shared/") && f.endsWith("/index.ts"));
    expect(barrels).toEqual(["shared/client/index.ts"]);
  });

  it("keeps every error class in its part's one errors.ts", () => {
    const declaring = files.filter((f) =>
      /^export class \w+ extends \w*Error\b/m.test(readFileSync(join(root, f), "utf8")),
    );
    expect(declaring.sort()).toEqual([
      "cli/errors.ts",
      "infra/local/simulator/errors.ts",
      "shared/errors.ts",
    ]);
  });
});
