import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { readAckSnapshot } from "./ack.ts";
import { readCceSnapshot } from "./cce.ts";
import type { ClusterTarget, ReadContext } from "./target.ts";

/** Reads one cluster's upgrade state with the adapter for its provider. */
export const readSnapshot = (target: ClusterTarget, ctx: ReadContext): Promise<UpgradeSnapshot> =>
  target.cluster.provider === "ack" ? readAckSnapshot(target, ctx) : readCceSnapshot(target, ctx);
