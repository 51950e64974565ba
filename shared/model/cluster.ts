import * as z from "zod";

/** The three API families we speak. CCE and CCE Autopilot differ only by path prefix. */
export const ProviderSchema = z.enum(["cce", "cce-autopilot", "ack"]);
export type Provider = z.infer<typeof ProviderSchema>;

/** Which signing scheme (and error format) a provider uses. */
export type Cloud = "huawei" | "alibaba";
export const cloudOf = (provider: Provider): Cloud => (provider === "ack" ? "alibaba" : "huawei");

/** What identifies a cluster in events, logs and alerts. Never carries credentials. */
export const ClusterRefSchema = z
  .object({
    provider: ProviderSchema,
    region: z.string().min(1),
    projectId: z.string().min(1).optional(),
    clusterId: z.string().min(1),
    name: z.string().optional(),
    labels: z.record(z.string(), z.string()).default({}),
    /**
     * The `discover` source that found it (its name), absent for a cluster listed in `clusters`:
     * how a later invocation (a shard, a re-read, an action) resolves the cluster's credentials,
     * endpoint and policy without listing again. Not part of its identity (`clusterKey`).
     */
    source: z.string().min(1).optional(),
  })
  .strict();
export type ClusterRef = z.infer<typeof ClusterRefSchema>;
