import { afterEach, describe, expect, it } from "vitest";
import { createPinnedFetch } from "../../shared/actions/probes/pinnedFetch.ts";
import type { ProbeFetch, ResolvedAddress } from "../../shared/actions/probes/probeTypes.ts";
import { runHealthProbes } from "../../shared/actions/probes/runHealthProbes.ts";
import { addressAllowed } from "../../shared/actions/probes/vetProbeTarget.ts";
import { HealthProbeSchema } from "../../shared/config/healthProbe.ts";
import { startProbeServer } from "../helpers/probe-server.ts";

// The health probes' SSRF guard. DNS and fetch are injected, so the unit tests below never
// leave the process; the last ones send real requests to a server on 127.0.0.1.

const probe = (url: string, extra: Record<string, unknown> = {}) =>
  HealthProbeSchema.parse({ url, ...extra });

/** A resolver with fixed answers, and a fetch that records where it was told to connect. */
function fakeNet(answers: Record<string, string[]>) {
  const sent: { url: string; address: ResolvedAddress }[] = [];
  const lookup = async (host: string) => {
    const found = answers[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  const fetch: ProbeFetch = async (url, init) => {
    sent.push({ url, address: init.address });
    return { status: 200 };
  };
  return { sent, lookup, fetch };
}

describe("addressAllowed", () => {
  it("allows only global unicast by default", () => {
    expect(addressAllowed("93.184.216.34", {})).toBe(true);
    expect(addressAllowed("2606:2800:220:1:248:1893:25c8:1946", {})).toBe(true);
    for (const blocked of [
      "127.0.0.1",
      "::1",
      "10.0.0.8",
      "172.16.3.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "fd00::1",
      "fe80::1",
      "0.0.0.0",
      "::ffff:127.0.0.1",
      "::ffff:10.1.2.3",
      "224.0.0.1",
      "not-an-address",
    ]) {
      expect([blocked, addressAllowed(blocked, {})]).toEqual([blocked, false]);
    }
  });

  it("opens loopback and private ranges only when asked to", () => {
    expect(addressAllowed("127.0.0.1", { allowLoopback: true })).toBe(true);
    expect(addressAllowed("::ffff:127.0.0.1", { allowLoopback: true })).toBe(true);
    expect(addressAllowed("10.0.0.8", { allowLoopback: true })).toBe(false);
    expect(addressAllowed("10.0.0.8", { allowPrivate: true })).toBe(true);
    expect(addressAllowed("169.254.169.254", { allowPrivate: true })).toBe(true);
    expect(addressAllowed("127.0.0.1", { allowPrivate: true })).toBe(false);
  });
});

describe("runHealthProbes", () => {
  it("sends an https probe to the vetted public address, and reports the status", async () => {
    const net = fakeNet({ "app.example.com": ["93.184.216.34"] });
    const results = await runHealthProbes([probe("https://app.example.com/healthz?key=abc")], net);
    expect(results).toEqual([
      { url: "https://app.example.com/healthz", ok: true, status: 200, error: null },
    ]);
    expect(net.sent).toEqual([
      {
        url: "https://app.example.com/healthz?key=abc",
        address: { address: "93.184.216.34", family: 4 },
      },
    ]);
  });

  it("refuses a host that resolves to a private or metadata address, even among public ones", async () => {
    const net = fakeNet({
      "internal.example.com": ["10.20.30.40"],
      "metadata.example.com": ["169.254.169.254"],
      "mixed.example.com": ["93.184.216.34", "192.168.0.10"],
    });
    const results = await runHealthProbes(
      [
        probe("https://internal.example.com/"),
        probe("https://metadata.example.com/latest/meta-data/"),
        probe("https://mixed.example.com/"),
        probe("https://[::1]/"),
      ],
      net,
    );
    expect(results.map((r) => [r.ok, r.error])).toEqual([
      [false, "refused: internal.example.com resolves to 10.20.30.40, which probes may not reach"],
      [
        false,
        "refused: metadata.example.com resolves to 169.254.169.254, which probes may not reach",
      ],
      [false, "refused: mixed.example.com resolves to 192.168.0.10, which probes may not reach"],
      [false, "refused: ::1 resolves to ::1, which probes may not reach"],
    ]);
    expect(net.sent).toEqual([]);
  });

  it("allows http only to loopback, and only when loopback is allowed", async () => {
    const net = fakeNet({ localhost: ["127.0.0.1"] });
    const refused = await runHealthProbes([probe("http://localhost:8080/")], net);
    expect(refused[0]?.error).toMatch(/^refused: localhost resolves to 127.0.0.1/);
    const allowed = await runHealthProbes([probe("http://localhost:8080/")], {
      ...net,
      allowLoopback: true,
    });
    expect(allowed[0]).toMatchObject({ ok: true, status: 200 });
    // A probe built in code (config would refuse it) gets no http to a public host either.
    const publicHttp = { url: "http://app.example.com/", expectStatus: 200, timeout: 1000 };
    const plain = await runHealthProbes([publicHttp], {
      ...fakeNet({ "app.example.com": ["93.184.216.34"] }),
      allowLoopback: true,
    });
    expect(plain[0]?.error).toBe(
      "refused: probes must use https (http only to loopback, in the local stack)",
    );
  });

  it("fails a probe whose name does not resolve, or whose answer is late or wrong, without throwing", async () => {
    const net = fakeNet({ "app.example.com": ["93.184.216.34"] });
    const never: ProbeFetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal.addEventListener("abort", () => reject(new Error("aborted")));
      });
    const soon = { url: "https://app.example.com/", expectStatus: 200, timeout: 5 };
    const late = await runHealthProbes([soon], {
      ...net,
      fetch: never,
    });
    expect(late[0]).toEqual({
      url: "https://app.example.com/",
      ok: false,
      status: null,
      error: "no answer within 5 ms",
    });
    const wrong = await runHealthProbes(
      [probe("https://app.example.com/", { expectStatus: 204 })],
      net,
    );
    expect(wrong[0]?.error).toBe("expected HTTP 204, got 200");
    const unknown = await runHealthProbes([probe("https://nowhere.example.com/")], net);
    expect(unknown[0]?.error).toBe(
      "refused: cannot resolve nowhere.example.com: getaddrinfo ENOTFOUND nowhere.example.com",
    );
  });
});

describe("the pinned fetch", () => {
  let server: Awaited<ReturnType<typeof startProbeServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("connects to the vetted address whatever the name, and does not follow redirects", async () => {
    server = await startProbeServer();
    // `workload.invalid` exists in no DNS: the request can only arrive through the pinned address.
    const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
    const results = await runHealthProbes(
      [
        probe(`http://127.0.0.1:${server.port}/ok`),
        { url: `http://workload.invalid:${server.port}/down`, expectStatus: 503, timeout: 5_000 },
        { url: `http://workload.invalid:${server.port}/moved`, expectStatus: 200, timeout: 5_000 },
      ],
      { lookup, allowLoopback: true, fetch: createPinnedFetch({ allowLoopback: true }) },
    );
    expect(results.map((r) => [r.ok, r.status])).toEqual([
      [true, 200],
      [true, 503],
      [false, 302],
    ]);
    expect(server.hits.sort()).toEqual(["/down", "/moved", "/ok"]);
  });

  it("judges the address again on connect, with the one SSRF guard webhooks use", async () => {
    server = await startProbeServer();
    // A pinned fetch whose policy does not allow loopback: even handed a loopback address (as a
    // check with another policy might vet), the guard refuses the socket and nothing arrives.
    // (A name, not an IP literal: a literal needs no lookup, and the check judged it already.)
    const built = {
      url: `http://workload.invalid:${server.port}/ok`,
      expectStatus: 200,
      timeout: 5_000,
    };
    const results = await runHealthProbes([built], {
      lookup: async () => [{ address: "127.0.0.1", family: 4 }],
      allowLoopback: true,
      fetch: createPinnedFetch({ allowLoopback: false }),
    });
    expect(results[0]).toMatchObject({ ok: false, error: "request failed (ESHEPHERDPRIVATE)" });
    expect(server.hits).toEqual([]);
  });

  it("refuses every IPv6 form that carries a private IPv4, before any connection", async () => {
    const net = fakeNet({});
    const forms = ["::a9fe:a9fe", "::7f00:1", "64:ff9b::a9fe:a9fe", "2002:a00:1::1"];
    const results = await runHealthProbes(
      forms.map((f) => probe(`https://[${f}]/`)),
      net,
    );
    expect(results.map((r) => r.error)).toEqual(
      forms.map((f) => `refused: ${f} resolves to ${f}, which probes may not reach`),
    );
    expect(net.sent).toEqual([]);
  });
});
