import * as z from "zod";

/**
 * Which slice of the inventory one invocation polls. The blast-radius count is per shard,
 * because a shard cannot see the others' reads without shared state.
 */
export const ShardSchema = z
  .object({
    index: z.number().int().min(0),
    count: z.number().int().min(1),
  })
  .strict()
  .refine((s) => s.index < s.count, { message: "shard index must be below shard count" });
export type Shard = z.infer<typeof ShardSchema>;

/** A shard in ids and dedup keys: `index/count`, or `all` for a run that is not sharded. */
export const shardKey = (shard: Shard | null): string =>
  shard === null ? "all" : `${shard.index}/${shard.count}`;
