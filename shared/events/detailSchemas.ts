import type * as z from "zod";
import type { DetailType } from "./catalogue.ts";
import { DeliveryRequestedDetailSchema } from "./deliveryDetails.ts";
import { CARRIED_DETAIL_SCHEMAS } from "./shepherdEvent.ts";

/** The detail schema of every registry row (`catalogue.ts`), Delivery Requested included. */
export const DETAIL_SCHEMAS = {
  ...CARRIED_DETAIL_SCHEMAS,
  "Delivery Requested": DeliveryRequestedDetailSchema,
} as const satisfies Record<DetailType, z.ZodType>;

export type DetailOf<D extends DetailType> = z.infer<(typeof DETAIL_SCHEMAS)[D]>;
