import * as z from "zod";

/**
 * A list field as the clouds really send it: an array, `null` or absent when empty, or a bare
 * object when it holds one item (API.md: "accept every form that a source shows"). Always read
 * as an array; an item that does not fit `item` still fails the parse, naming its path.
 */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item])
    .nullish()
    .transform((v): z.output<T>[] => {
      if (v === null || v === undefined) return [];
      return Array.isArray(v) ? v : [v as z.output<T>];
    });
}

/**
 * A count as the clouds send it: a number, or the same number as a string (`"10"`). Anything
 * else reads as absent: a count only bounds paging, and a garbled one must not fail a read.
 */
export const lenientCount = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
  .optional()
  .catch(undefined);
