import type dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  addressAllowed,
  addressRange,
  guardedLookup,
  REFUSED_CODE,
  STRICT,
  vetHost,
} from "../../shared/net/addressPolicy.ts";

/**
 * Every IPv6 form that embeds or maps an IPv4 address is judged by that IPv4 address: with the
 * metadata service (169.254.169.254 = a9fe:a9fe), loopback (127.0.0.1 = 7f00:1), a private
 * address (10.0.0.1 = a00:1) and a public one (8.8.8.8 = 808:808) in each form.
 */
const FORMS: [form: string, address: string, range: string][] = [
  ["IPv4-compatible ::/96", "::a9fe:a9fe", "linkLocal"],
  ["IPv4-compatible ::/96", "::7f00:1", "loopback"],
  ["IPv4-compatible ::/96", "::a00:1", "private"],
  ["IPv4-compatible ::/96", "::808:808", "unicast"],
  ["IPv4-mapped ::ffff:0:0/96", "::ffff:169.254.169.254", "linkLocal"],
  ["IPv4-mapped ::ffff:0:0/96", "::ffff:7f00:1", "loopback"],
  ["IPv4-mapped ::ffff:0:0/96", "::ffff:8.8.8.8", "unicast"],
  ["IPv4-translated ::ffff:0:0:0/96", "::ffff:0:a9fe:a9fe", "linkLocal"],
  ["NAT64 64:ff9b::/96", "64:ff9b::a9fe:a9fe", "linkLocal"],
  ["NAT64 64:ff9b::/96", "64:ff9b::7f00:1", "loopback"],
  ["NAT64 64:ff9b::/96", "64:ff9b::808:808", "unicast"],
  ["NAT64 64:ff9b:1::/48, as /96", "64:ff9b:1::a9fe:a9fe", "linkLocal"],
  ["NAT64 64:ff9b:1::/48, as /48", "64:ff9b:1:a9fe:a9:fe00::", "linkLocal"],
  ["NAT64 64:ff9b:1::/48, as /64", "64:ff9b:1:0:a:0:100:0", "private"],
  ["6to4 2002::/16", "2002:a9fe:a9fe::1", "linkLocal"],
  ["6to4 2002::/16", "2002:7f00:1::1", "loopback"],
  ["6to4 2002::/16", "2002:808:808::1", "unicast"],
  // Teredo: server in bits 32-63, client inverted in the last 32 bits (RFC 4380's example).
  ["Teredo 2001::/32, server", "2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7", "linkLocal"],
  ["Teredo 2001::/32, client", "2001:0:4136:e378:8000:63bf:5601:5efe", "linkLocal"],
  ["Teredo 2001::/32, client in TEST-NET-1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
  ["Teredo 2001::/32, both public", "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "unicast"],
];

describe("every IPv6 form that carries an IPv4 address is judged by it", () => {
  for (const [form, address, range] of FORMS) {
    it(`${form}: ${address} is ${range}`, () => {
      expect(addressRange(address)).toBe(range);
      expect(addressAllowed(address, STRICT)).toBe(range === "unicast");
    });
  }

  it("keeps plain IPv6 and IPv4 as ipaddr.js ranges them", () => {
    expect(addressRange("::1")).toBe("loopback");
    expect(addressRange("::")).toBe("unspecified");
    expect(addressRange("fe80::1")).toBe("linkLocal");
    expect(addressRange("fd00::1")).toBe("uniqueLocal");
    expect(addressRange("2606:2800:220:1:248:1893:25c8:1946")).toBe("unicast");
    expect(addressRange("100.64.0.1")).toBe("carrierGradeNat");
    expect(addressRange("not an address")).toBe("invalid");
  });
});

describe("the policy", () => {
  it("opens loopback and the private ranges only when asked, and never the rest", () => {
    const local = { allowLoopback: true, allowPrivate: false };
    const privateNet = { allowLoopback: false, allowPrivate: true };
    expect(addressAllowed("::7f00:1", local)).toBe(true);
    expect(addressAllowed("::7f00:1", privateNet)).toBe(false);
    expect(addressAllowed("::a9fe:a9fe", privateNet)).toBe(true);
    expect(addressAllowed("10.0.0.1", local)).toBe(false);
    for (const never of ["0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "2001:db8::1"]) {
      expect(addressAllowed(never, { allowLoopback: true, allowPrivate: true })).toBe(false);
    }
  });

  it("refuses a host if any address it resolves to is refused, and says which", async () => {
    const verdict = await vetHost("hooks.example.com", STRICT, async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "64:ff9b::a9fe:a9fe", family: 6 },
    ]);
    expect(verdict).toEqual({
      ok: false,
      reason: "the host resolves to 64:ff9b::a9fe:a9fe, a linkLocal address",
      transient: false,
      blocked: "64:ff9b::a9fe:a9fe",
    });
  });

  it("judges an IP literal without a lookup, brackets and all", async () => {
    const never = async () => {
      throw new Error("not looked up");
    };
    expect((await vetHost("[::a9fe:a9fe]", STRICT, never)).ok).toBe(false);
    expect(await vetHost("[2606:2800:220:1:248:1893:25c8:1946]", STRICT, never)).toEqual({
      ok: true,
      addresses: [{ address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 }],
    });
  });
});

describe("guardedLookup, at connect time", () => {
  const servers: http.Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  /** A name that resolves to whatever the test says, as a rebinding DNS server would answer. */
  const answering = (address: string, calls: string[]): typeof dns.lookup =>
    ((hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
      calls.push(hostname);
      callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);
    }) as unknown as typeof dns.lookup;

  it("refuses the socket when the name now resolves to a refused address", async () => {
    const calls: string[] = [];
    const agent = new http.Agent({ lookup: guardedLookup(STRICT, answering("127.0.0.1", calls)) });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      http
        .get("http://rebinding.example/", { agent }, () => resolve(new Error("connected")))
        .on("error", resolve);
    });
    expect(calls).toEqual(["rebinding.example"]);
    expect(error.code).toBe(REFUSED_CODE);
    agent.destroy();
  });

  it("connects when the policy allows the address", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const calls: string[] = [];
    const agent = new http.Agent({
      lookup: guardedLookup(
        { allowLoopback: true, allowPrivate: false },
        answering("127.0.0.1", calls),
      ),
    });
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`http://allowed.example:${port}/`, { agent }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(calls).toEqual(["allowed.example"]);
    expect(status).toBe(200);
    agent.destroy();
  });
});
