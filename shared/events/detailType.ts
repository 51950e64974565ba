import * as z from "zod";
import { CATALOGUE, type DetailType } from "./catalogue.ts";

export type { DetailType };

/** Every EventBridge `detail-type` the product emits, in the registry's order (`catalogue.ts`). */
export const DETAIL_TYPES = CATALOGUE.map((e) => e.detailType) as [DetailType, ...DetailType[]];

export const DetailTypeSchema = z.enum(DETAIL_TYPES);

/** The EventBridge `source` of every event, so one rule pattern matches all of them. */
export const EVENT_SOURCE = "upgrade-shepherd";
