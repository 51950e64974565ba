import * as z from "zod";

/**
 * The list answers, read loosely: only the outer list is required to be a list, and each item is
 * read on its own (`readCceListItem`, `readAckListItem`), so one odd item is counted and skipped,
 * never a failed listing. Sources: go-sdk `model_list_clusters_response.go`, `model_cluster*.go`;
 * `@alicloud/cs20151215` 7.2.0 `DescribeClustersV1responseBody.ts` (docs/cloud-apis.md, Discovery).
 */
export const CceClusterListSchema = z.object({
  items: z
    .array(z.unknown())
    .nullish()
    .transform((items) => items ?? []),
});

const Text = z.string().nullish();
/** The SDK types `value` a string that "may be empty but not absent"; accept it absent or null. */
const TagSchema = z.object({ key: z.string().min(1), value: z.string().nullish() });
const Tags = z
  .array(z.unknown())
  .nullish()
  .transform((tags) =>
    (tags ?? []).flatMap((t) => {
      const tag = TagSchema.safeParse(t);
      return tag.success ? [tag.data] : [];
    }),
  );

export const CceClusterItemSchema = z.object({
  metadata: z.object({
    uid: z.string().min(1),
    name: Text,
    alias: Text,
    creationTimestamp: Text,
  }),
  spec: z
    .object({
      category: Text,
      type: Text,
      flavor: Text,
      version: Text,
      clusterTags: Tags,
    })
    .nullish(),
  status: z.object({ phase: Text }).nullish(),
});
export type CceClusterItem = z.infer<typeof CceClusterItemSchema>;

/** `page_info` numbers: JSON numbers per the SDK; a numeric string is read too. */
const Count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish();

export const AckClusterListSchema = z.object({
  clusters: z
    .array(z.unknown())
    .nullish()
    .transform((clusters) => clusters ?? []),
  page_info: z.object({ page_number: Count, page_size: Count, total_count: Count }).nullish(),
});

export const AckClusterItemSchema = z.object({
  cluster_id: z.string().min(1),
  name: Text,
  region_id: Text,
  cluster_type: Text,
  cluster_spec: Text,
  profile: Text,
  current_version: Text,
  state: Text,
  created: Text,
  tags: Tags,
});
export type AckClusterItem = z.infer<typeof AckClusterItemSchema>;
