import { load, YAMLException } from "js-yaml";

/**
 * Reads a YAML document (YAML 1.2's core schema: `01:00` stays a string, anchors and merge
 * keys work, a duplicate key is an error). js-yaml is about a third the size of `yaml` in a
 * bundle, and every function loads the config at cold start.
 */
export function readYaml(text: string): unknown {
  return load(text);
}

/** A YAML syntax error in one line: what is wrong, and where. */
export function yamlErrorLine(error: unknown): string {
  if (error instanceof YAMLException) {
    const at = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : "";
    return `${error.reason}${at}`;
  }
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}
