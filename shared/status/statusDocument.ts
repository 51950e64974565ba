import type { AssembledStatus } from "./assembleParts.ts";
import { renderStatusPage } from "./renderStatusPage.ts";
import type { StatusModel } from "./statusModel.ts";
import { type StatusSummary, summarize } from "./summarize.ts";

/** status.json: the assembled model, the shards still missing, and the page's counts. */
export interface StatusJson extends StatusModel {
  missing: number[];
  summary: StatusSummary;
}

/** The page and its JSON, from the same assembled status. Pure. */
export function statusDocument(status: AssembledStatus): { html: string; json: StatusJson } {
  return {
    html: renderStatusPage(status),
    json: { ...status.model, missing: status.missing, summary: summarize(status.model) },
  };
}
