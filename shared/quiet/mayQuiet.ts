import type { ConfigDocument } from "../config/configSchema.ts";
import { mergePolicy } from "../config/policy.ts";
import { discoverySources } from "../discover/discoverySource.ts";
import type { QuietDuringUpgrade } from "./quietConfig.ts";

/**
 * Whether any cluster a poll-status run reads may have `quietDuringUpgrade`: a listed one (its
 * merged policy), or one a `discover` source finds (the source's overrides on the defaults), which
 * a scheduled run, a shard or a re-read reads. poll-status then stops reading earlier, to leave
 * the quiet step its time (`QUIET_MARGIN_MS`).
 */
export function mayQuiet(
  config: Pick<ConfigDocument, "defaults" | "discover">,
  clusters: readonly { policy: { quietDuringUpgrade: QuietDuringUpgrade | null } }[],
): boolean {
  return (
    clusters.some((c) => c.policy.quietDuringUpgrade !== null) ||
    discoverySources(config).some(
      (s) => mergePolicy(config.defaults, s.overrides).quietDuringUpgrade !== null,
    )
  );
}
