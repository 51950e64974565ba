import type { CancelDueDetail, PostcheckDueDetail, ResumeDueDetail } from "../events/dueDetails.ts";

/** Any of the three level events an action function answers. */
export type DueDetail = PostcheckDueDetail | CancelDueDetail | ResumeDueDetail;
