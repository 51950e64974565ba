import { lookup as dnsLookup } from "node:dns/promises";
import type { HealthProbe } from "../../config/healthProbe.ts";
import { createPinnedFetch } from "./pinnedFetch.ts";
import type { HostLookup, ProbeOptions, ProbeResult } from "./probeTypes.ts";
import { vetProbeTarget } from "./vetProbeTarget.ts";

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Origin and path only: a token in the query string stays out of events and logs. */
const shown = (url: URL): string => `${url.origin}${url.pathname}`;

/**
 * A failed probe, in words safe to publish: the error's code only (the SSRF guard's refusal is
 * `ESHEPHERDPRIVATE`). node-fetch's messages repeat the URL, and a probe URL may carry a token in
 * its query string.
 */
const errorText = (error: unknown): string => {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" ? `request failed (${code})` : "request failed";
};

/**
 * Runs the cluster's user-defined health probes, all at once, each within its own timeout. A
 * probe that cannot run (refused by the guard, unreachable, too slow) fails like one that
 * answered the wrong status: it is a result, never a thrown error, so one bad probe cannot
 * turn a postcheck into a Lambda retry.
 */
export async function runHealthProbes(
  probes: readonly HealthProbe[],
  options: ProbeOptions = {},
): Promise<ProbeResult[]> {
  const fetch = options.fetch ?? createPinnedFetch(options);
  const lookup = options.lookup ?? systemLookup;
  return Promise.all(
    probes.map(async (probe): Promise<ProbeResult> => {
      const url = new URL(probe.url);
      const vetted = await vetProbeTarget(url, options, lookup);
      if ("refused" in vetted) {
        return { url: shown(url), ok: false, status: null, error: `refused: ${vetted.refused}` };
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), probe.timeout);
      try {
        const res = await fetch(url.href, { signal: controller.signal, address: vetted.address });
        const ok = res.status === probe.expectStatus;
        return {
          url: shown(url),
          ok,
          status: res.status,
          error: ok ? null : `expected HTTP ${probe.expectStatus}, got ${res.status}`,
        };
      } catch (error) {
        const message = controller.signal.aborted
          ? `no answer within ${probe.timeout} ms`
          : errorText(error);
        return { url: shown(url), ok: false, status: null, error: message };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/** One line for the postcheck's message: how many passed, and what went wrong with the rest. */
export function summarizeProbes(results: readonly ProbeResult[]): string | null {
  if (results.length === 0) return null;
  const passed = results.filter((r) => r.ok).length;
  const failures = results.filter((r) => !r.ok).map((r) => `${r.url}: ${r.error}`);
  return [`health probes ${passed}/${results.length} passed`, ...failures].join("; ");
}
