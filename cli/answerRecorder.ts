import { AsyncLocalStorage } from "node:async_hooks";
import type { SignedClient } from "../shared/client/client.ts";
import type { FetchLike } from "../shared/client/transport.ts";
import type { ProviderRequest } from "../shared/client/types.ts";

/** One HTTP answer a cloud gave, as `poll --explain` shows it. No header is kept: not one is needed. */
export interface RecordedAnswer {
  /** The operation's name, e.g. `ListUpgradeClusterTasks`. */
  operation: string;
  method: string;
  /** Origin of the API the request went to. */
  endpoint: string;
  /** The path as the provider adapter built it, before signing (no signature is in it). */
  path: string;
  query: ProviderRequest["query"];
  /** 1 for the first HTTP attempt of the call, 2.. for the signed client's retries. */
  attempt: number;
  /** The HTTP status, or null when no answer came (timeout, network). */
  status: number | null;
  /** The body exactly as received, or null when no answer came. */
  body: string | null;
  /** Why no answer came, when none did. */
  error: string | null;
}

type Call = Omit<RecordedAnswer, "attempt" | "status" | "body" | "error">;

/**
 * Records every answer the clouds give, for `poll --explain`, by wrapping the two seams the
 * signed client already has: its injectable `fetch` (the raw status and body of each attempt)
 * and the client itself (which operation each attempt belongs to, carried to the fetch through
 * AsyncLocalStorage). Nothing in the providers changes, and nothing of the request is kept but
 * its operation, method, endpoint, path and query: no header, so no signature, key or token.
 */
export function createAnswerRecorder() {
  const current = new AsyncLocalStorage<{ call: Call; attempts: number }>();
  const answers: RecordedAnswer[] = [];

  const wrapFetch =
    (inner: FetchLike): FetchLike =>
    async (url, init) => {
      const context = current.getStore();
      const call = context?.call ?? callFromUrl(url, init.method);
      const attempt = context ? ++context.attempts : 1;
      try {
        const res = await inner(url, init);
        const body = await res.text();
        answers.push({ ...call, attempt, status: res.status, body, error: null });
        return { status: res.status, headers: res.headers, text: async () => body };
      } catch (error) {
        const reason = init.signal?.aborted ? "no answer before the timeout" : String(error);
        answers.push({ ...call, attempt, status: null, body: null, error: reason });
        throw error;
      }
    };

  const wrapClient = (inner: SignedClient): SignedClient => ({
    request: (req) =>
      current.run(
        {
          call: {
            operation: req.operation,
            method: req.method,
            endpoint: req.endpoint,
            path: req.path,
            query: req.query,
          },
          attempts: 0,
        },
        () => inner.request(req),
      ),
  });

  return { answers, wrapFetch, wrapClient };
}

/** A request that did not come through the wrapped client: named by its URL alone. */
function callFromUrl(url: string, method: string): Call {
  const u = new URL(url);
  return {
    operation: "(unknown operation)",
    method,
    endpoint: u.origin,
    path: decodeURIComponent(u.pathname),
    query: Object.fromEntries(u.searchParams),
  };
}
