/** Whether a label value uses glob syntax; otherwise it must match exactly. */
export const isGlob = (pattern: string): boolean => /[*?]/.test(pattern);

/**
 * `*` is any run of characters (empty included), `?` is exactly one, anything else is literal,
 * and the pattern covers the whole value: `prod-*` matches `prod-eu` but not `preprod-eu`.
 */
export function globMatch(pattern: string, value: string): boolean {
  if (!isGlob(pattern)) return pattern === value;
  const source = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "su").test(value);
}
