/** Text for HTML element content and double-quoted attribute values. */
export { escapeHtml } from "../../shared/chat/html.ts";

/**
 * Replaces every `{{NAME}}` in a template with `values[NAME]` (already safe for where it goes),
 * and refuses a placeholder without a value or a value without a placeholder.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const out = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`template has no placeholder for ${unused.join(", ")}`);
  return out;
}

/** JSON for inside a `<script>`: `</script>` and `<!--` cannot end or confuse the element. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
