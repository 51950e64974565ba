import * as z from "zod";
import { ConfigSchema } from "./configSchema.ts";

/**
 * The JSON Schema of the config as written (durations as strings or seconds, defaults optional),
 * for editors. Draft 7, which the YAML and JSON language servers support best. Cross-field rules
 * (projectId per provider, duplicates, windows for resume) are only checked by parseConfig.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: "input", target: "draft-7" }),
    title: "upgrade-shepherd configuration",
  };
}
