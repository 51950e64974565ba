import http from "node:http";
import nodeFetch from "node-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import {
  addressRange,
  checkUrl,
  guardedLookup,
  isPublicAddress,
  type LookupAll,
} from "../../shared/notify/urlPolicy.ts";

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const strict = { allowHttp: false, allowLoopback: false, allowPrivateNetwork: false };

describe("addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.9", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fd00::1", "uniqueLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    // NAT64, judged by the IPv4 it carries (the metadata service), and the IPv4-compatible
    // forms that were let through before: the same guard as probes (shared/net/addressPolicy.ts).
    ["64:ff9b::a9fe:a9fe", "linkLocal"],
    ["::a9fe:a9fe", "linkLocal"],
    ["::7f00:1", "loopback"],
  ])("%s is %s, not public", (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])(
    "%s is public",
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});

describe("checkUrl", () => {
  it.each([
    ["https://[::a9fe:a9fe]/hook", "169.254.169.254 as IPv4-compatible IPv6"],
    ["https://[::7f00:1]/hook", "127.0.0.1 as IPv4-compatible IPv6"],
    ["https://[::ffff:a9fe:a9fe]/hook", "169.254.169.254 as IPv4-mapped IPv6"],
    ["https://[64:ff9b::a00:1]/hook", "10.0.0.1 through NAT64"],
    ["https://[2002:a9fe:a9fe::1]/hook", "169.254.169.254 through 6to4"],
  ])("refuses %s (%s) without a lookup", async (url) => {
    const never: LookupAll = async () => {
      throw new Error("an IP literal is not looked up");
    };
    const result = await checkUrl(url, strict, never);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.transient).toBe(false);
  });

  it("accepts https to a public host", async () => {
    expect(
      await checkUrl("https://hooks.slack.com/services/T/B/X", strict, resolvesTo("34.1.2.3")),
    ).toEqual({
      ok: true,
    });
  });

  it("refuses http outside the local stack, other schemes, and credentials in the URL", async () => {
    const pub = resolvesTo("34.1.2.3");
    expect((await checkUrl("http://hooks.example.com/x", strict, pub)).ok).toBe(false);
    expect(
      (await checkUrl("http://hooks.example.com/x", { ...strict, allowHttp: true }, pub)).ok,
    ).toBe(true);
    expect((await checkUrl("ftp://hooks.example.com/x", strict, pub)).ok).toBe(false);
    expect((await checkUrl("https://user:pw@hooks.example.com/x", strict, pub)).ok).toBe(false);
    expect((await checkUrl("not a url", strict, pub)).ok).toBe(false);
  });

  it("refuses a host that resolves to any private address, without repeating the URL", async () => {
    const result = await checkUrl(
      "https://hooks.example.com/services/SECRETTOKEN",
      strict,
      resolvesTo("34.1.2.3", "10.0.0.7"),
    );
    expect(result).toEqual({
      ok: false,
      transient: false,
      reason:
        "the host resolves to 10.0.0.7, a private address; set allowPrivateNetwork on the receiver to allow it",
    });
    expect(JSON.stringify(result)).not.toContain("SECRETTOKEN");
  });

  it("refuses IP literals in any spelling the URL parser normalises", async () => {
    const never: LookupAll = async () => {
      throw new Error("no lookup for a literal");
    };
    for (const url of [
      "https://127.0.0.1/x",
      "https://0x7f.0.0.1/x",
      "https://2130706433/x",
      "https://[::1]/x",
      "https://[::ffff:a9fe:a9fe]/latest/meta-data",
      "https://169.254.169.254/latest/meta-data",
    ]) {
      const result = await checkUrl(url, strict, never);
      expect(result.ok, url).toBe(false);
    }
  });

  it("in the local stack, allows loopback and only loopback", async () => {
    const local = { allowHttp: true, allowLoopback: true, allowPrivateNetwork: false };
    expect(await checkUrl("http://127.0.0.1:4000/slack", local, resolvesTo())).toEqual({
      ok: true,
    });
    expect((await checkUrl("http://10.0.0.7/x", local, resolvesTo())).ok).toBe(false);
    expect((await checkUrl("http://169.254.169.254/x", local, resolvesTo())).ok).toBe(false);
  });

  it("lets an allowed receiver reach its private host, and marks DNS failures transient", async () => {
    expect(
      await checkUrl("https://10.0.0.7/x", { ...strict, allowPrivateNetwork: true }, resolvesTo()),
    ).toEqual({ ok: true });
    const failing: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await checkUrl("https://nowhere.example/x", strict, failing)).toEqual({
      ok: false,
      transient: true,
      reason: "the host did not resolve (ENOTFOUND)",
    });
  });
});

describe("guardedLookup at connect time (closes the DNS rebinding gap)", () => {
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(() => sink.close());

  it("an agent with the guarded lookup refuses to connect to loopback; an allowed one connects", async () => {
    const url = `http://localhost:${sink.port}/guarded`;
    const guarded = new http.Agent({ lookup: guardedLookup(false) });
    await expect(
      nodeFetch(url, { method: "POST", body: "{}", agent: guarded }),
    ).rejects.toMatchObject({
      code: "ESHEPHERDPRIVATE",
    });
    expect(sink.deliveriesTo("/guarded")).toHaveLength(0);
    const allowed = new http.Agent({ lookup: guardedLookup(true) });
    const res = await nodeFetch(url, { method: "POST", body: "{}", agent: allowed });
    expect(res.status).toBe(200);
    expect(sink.deliveriesTo("/guarded")).toHaveLength(1);
    guarded.destroy();
    allowed.destroy();
  });
});
