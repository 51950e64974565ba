import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../shared/config/configJsonSchema.ts";

/**
 * Regenerates config/config.schema.json from the zod schema: `npx tsx scripts/config-schema.ts`.
 * The file is then formatted by Biome, so `biome check` in CI passes on a fresh generation.
 */
const target = fileURLToPath(new URL("../config/config.schema.json", import.meta.url));
await writeFile(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
execFileSync("npx", ["biome", "format", "--write", target], { stdio: "ignore" });
process.stdout.write(`wrote ${target}\n`);
