import type { Cloud } from "../../../../shared/model/cluster.ts";
import { stableHex, stableUuid } from "../ids.ts";

/**
 * How each cloud's gateway frames an answer: the request id's form (Huawei: 32 hex; Alibaba: an
 * upper-case UUID), the header that carries it, and the JSON content type. Ids derive from the
 * seed and the request's number, so a scenario replays the same ids.
 */
export const CLOUD_WIRE: Record<
  Cloud,
  { idHeader: string; contentType: string; requestId: (seed: number, n: number) => string }
> = {
  huawei: {
    idHeader: "X-Request-Id",
    contentType: "application/json;charset=UTF-8",
    requestId: (seed, n) => stableHex(`${seed}/request/${n}`, 32),
  },
  alibaba: {
    idHeader: "x-acs-request-id",
    contentType: "application/json;charset=utf-8",
    requestId: (seed, n) => stableUuid(`${seed}/request/${n}`).toUpperCase(),
  },
};
