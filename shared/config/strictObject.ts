import * as z from "zod";

/**
 * Every object in the config rejects unknown keys: a misspelt optional key would otherwise be
 * dropped in silence and its default used, which for a policy like `dryRun` is the wrong way to fail.
 * The message suggests the key that was probably meant.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? unknownKeysMessage(issue.keys, allowed) : undefined,
  });
}

function unknownKeysMessage(keys: readonly string[], allowed: readonly string[]): string {
  const allowedList = `allowed: ${allowed.join(", ")}`;
  if (keys.length !== 1)
    return `unknown keys ${keys.map((k) => `"${k}"`).join(", ")} (${allowedList})`;
  const guess = closest(keys[0] ?? "", allowed);
  return guess ? `unknown key; did you mean "${guess}"?` : `unknown key (${allowedList})`;
}

function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
