import type { HandlerResult } from "./cceHandlers.ts";
import { acsError } from "./providerErrors.ts";

/**
 * ACK's paging parameters (`page_size`, default 10; `page_number`, default 1), as
 * DescribeClusterTasks and DescribeClustersV1 take them; a value that is not a positive integer
 * is the 400 `InvalidParameter` the simulator answers for either.
 */
export function ackPaging(
  query: Readonly<Record<string, string | undefined>>,
  requestId: string,
): { pageSize: number; pageNumber: number } | { refused: HandlerResult } {
  const pageSize = Number(query.page_size ?? 10);
  const pageNumber = Number(query.page_number ?? 1);
  if (
    Number.isInteger(pageSize) &&
    pageSize >= 1 &&
    Number.isInteger(pageNumber) &&
    pageNumber >= 1
  ) {
    return { pageSize, pageNumber };
  }
  return {
    refused: {
      response: acsError(
        400,
        "InvalidParameter",
        "page_size and page_number must be positive integers",
        requestId,
      ),
      mutated: false,
    },
  };
}
