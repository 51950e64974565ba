import {
  createSignedClient,
  type SignedClient,
  type SignedClientOptions,
} from "../shared/client/client.ts";
import { createKeepAliveFetch } from "../shared/client/transport.ts";
import type { CredentialSets } from "../shared/config/credentialSets.ts";
import type { ResolvedCluster } from "../shared/config/resolveClusters.ts";
import type { PollRunResult } from "../shared/poll/pollRun.ts";
import { createAnswerRecorder } from "./answerRecorder.ts";
import { explainRun, redactor, renderExplanation } from "./explain.ts";

/**
 * What `poll --explain` adds to a poll: a signed client whose answers are recorded, and the
 * two ways to show them (text, or an `explain` field in the JSON). Every loaded key, secret and
 * token is redacted from both, should a cloud ever echo one.
 */
export function explainCommandParts(credentials: CredentialSets, clusters: ResolvedCluster[]) {
  const recorder = createAnswerRecorder();
  const redact = redactor(secretsOf(credentials));
  return {
    client: (options: SignedClientOptions): SignedClient =>
      recorder.wrapClient(
        createSignedClient({ ...options, fetch: recorder.wrapFetch(createKeepAliveFetch()) }),
      ),
    text: (result: PollRunResult): string =>
      renderExplanation(explainRun(clusters, recorder.answers, result), redact),
    json: (out: Record<string, unknown>, result: PollRunResult): string =>
      `${redact(JSON.stringify({ ...out, explain: explainRun(clusters, recorder.answers, result) }))}\n`,
  };
}

/** The loaded sets' keys, secrets and tokens; a set that failed to load has none. */
function secretsOf(credentials: CredentialSets): string[] {
  return credentials.names.flatMap((name) => {
    try {
      const c = credentials.get(name);
      return [c.ak, c.sk, c.token].filter((s): s is string => typeof s === "string");
    } catch {
      return [];
    }
  });
}
