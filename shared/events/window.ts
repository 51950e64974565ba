import * as z from "zod";
import { IsoTime } from "../model/isoTime.ts";

/**
 * One run's window `W = (start, end]`: `t` is the run's scheduled time on the interval grid,
 * `end = t - lag`, `start = end - interval`. Carried in every event so a retry, a replay or a
 * reader can tell which slice of time the judgement covered.
 */
export const WindowSchema = z
  .object({
    t: IsoTime,
    start: IsoTime,
    end: IsoTime,
  })
  .strict();
export type Window = z.infer<typeof WindowSchema>;
