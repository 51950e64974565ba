import * as z from "zod";

const IsoTime = z.iso.datetime();
const Ms = z.number().nonnegative();

/** `estimateEta`'s answer, as events, the page and its JSON carry it (`Eta`). */
export const EtaSchema = z
  .object({
    basis: z.enum(["cluster", "fleet"]),
    samples: z.number().int().positive(),
    usualTotalMs: Ms,
    elapsedMs: Ms,
    remainingMs: Ms,
    at: IsoTime,
    earliest: IsoTime,
    latest: IsoTime,
    overdue: z.boolean(),
    step: z
      .object({ name: z.string(), startedAt: IsoTime, elapsedMs: Ms, usualMs: Ms.nullable() })
      .strict()
      .nullable(),
  })
  .strict();
