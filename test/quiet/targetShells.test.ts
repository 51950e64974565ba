import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";
import { guardedFetchFor } from "../../shared/net/guardedFetchFor.ts";
import { alertmanagerShell } from "../../shared/quiet/alertmanagerShell.ts";
import { formatMarker } from "../../shared/quiet/marker.ts";
import { pagerDutyShell } from "../../shared/quiet/pagerDutyShell.ts";
import { QuietDuringUpgradeSchema } from "../../shared/quiet/quietConfig.ts";
import { createQuietSecrets, type TargetAuth } from "../../shared/quiet/quietSecrets.ts";
import { runQuiet } from "../../shared/quiet/runQuiet.ts";
import { SilenceTargetError, type TargetHttp } from "../../shared/quiet/targetRequest.ts";
import { CCE, cceUpgrade, iso, MIN, POLICY, snapshot, T0 } from "../helpers/upgrades.ts";

// The two thin I/O shells, each against the webhook sink playing its API over loopback, on a
// fixed clock; and the quiet step's deadline. Nothing is mocked: the sink follows the specs.

let sink: WebhookSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const NOW = new Date(T0 + 20_000);
const now = () => NOW;
const KEY = clusterKey(CCE);
const http = (over: Partial<TargetHttp> = {}): TargetHttp => ({
  fetchFor: guardedFetchFor(),
  lookup: async (host) => [{ address: host === "localhost" ? "127.0.0.1" : "10.0.0.5", family: 4 }],
  allowHttp: true,
  allowLoopback: true,
  ...over,
});
const auth = (authorization?: string): (() => Promise<TargetAuth>) => {
  return async () => ({ authorization, values: authorization ? [authorization] : [] });
};
const marker = { clusterKey: KEY, upgradeId: "u-1", t: new Date(T0).toISOString() };
const newSilence = {
  marker,
  text: `Quiet while prod-a upgrades. ${formatMarker(marker)}`,
  startsAt: NOW.toISOString(),
  endsAt: new Date(T0 + 10 * MIN).toISOString(),
};
const matchers = [{ name: "cluster", value: "prod-a", isRegex: false, isEqual: true }];

/** The Alertmanager shell for CCE's prod-a, over the real HTTP stack. */
const amShell = (
  target: ReturnType<typeof amTarget>,
  authorization?: string,
  over: Partial<TargetHttp> = {},
) =>
  alertmanagerShell(
    target,
    { ref: CCE, key: KEY, matchers },
    { http: http(over), auth: auth(authorization), now },
  );

function amTarget(url: string, extra: Record<string, unknown> = {}) {
  const q = QuietDuringUpgradeSchema.parse({
    targets: [{ name: "grafana", type: "alertmanager", url, ...extra }],
  });
  const t = q.targets[0];
  if (t?.type !== "alertmanager") throw new Error("expected an alertmanager target");
  return t;
}

describe("the Alertmanager shell", () => {
  it("speaks to Grafana's Alertmanager-compatible API under its path prefix, with a bearer token", async () => {
    sink = await startWebhookSink({
      now,
      alertmanager: {
        prefix: "/api/alertmanager/grafana",
        auth: { bearer: "glsa_sinktoken_0001" },
      },
    });
    const target = amTarget(`${sink.url}/api/alertmanager/grafana`, { auth: "bearer" });
    const shell = amShell(target, "Bearer glsa_sinktoken_0001");
    const { id } = await shell.create(newSilence);
    const [found] = await shell.list({ includeEnded: false });
    expect(found).toMatchObject({ id, marker, state: "active", createdBy: "upgrade-shepherd" });
    expect(sink.deliveries.map((d) => `${d.method} ${d.path}`)).toEqual([
      "POST /api/alertmanager/grafana/api/v2/silences",
      "GET /api/alertmanager/grafana/api/v2/silences",
    ]);
    expect(sink.deliveries[1]?.query).toEqual({ filter: 'cluster="prod-a"' });
    // Grafana answers a create with 201 (its swagger: `201: postSilencesOKBody`).
    sink.alertmanager?.failNext(1, { status: 201, body: { silenceID: "grafana-id-1" } });
    expect(await shell.create(newSilence)).toEqual({ id: "grafana-id-1" });
  });

  it("extends in place (same id) by sending the silence's own matchers and start back", async () => {
    sink = await startWebhookSink({ now, alertmanager: {} });
    const shell = amShell(amTarget(`${sink.url}/alertmanager`));
    const { id } = await shell.create(newSilence);
    const [found] = await shell.list({ includeEnded: false });
    if (!found) throw new Error("not found");
    const later = new Date(T0 + 15 * MIN).toISOString();
    const text = `${found.text} (extended)`;
    expect(await shell.extend(found, later, text)).toEqual({ id });
    expect(sink.alertmanager?.silences[0]?.comment).toBe(text);
    expect(
      sink.alertmanager?.silences.map((s) => [s.id, new Date(s.endsAt).toISOString()]),
    ).toEqual([[id, later]]);
    await shell.expire(found);
    expect(sink.alertmanager?.stateOf(sink.alertmanager.silences[0] as never)).toBe("expired");
    // Gone already: 404 counts as done.
    await shell.expire({ ...found, id: "00000000-0000-0000-0000-000000000000" });
  });

  it("ignores silences that are not ours: made by someone else, or for another cluster", async () => {
    sink = await startWebhookSink({ now, alertmanager: {} });
    const shell = amShell(amTarget(`${sink.url}/alertmanager`));
    const post = (body: Record<string, unknown>) =>
      fetch(`${sink?.url}/alertmanager/api/v2/silences`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          matchers,
          startsAt: newSilence.startsAt,
          endsAt: newSilence.endsAt,
          ...body,
        }),
      });
    await post({ createdBy: "alice", comment: `copied ${formatMarker(marker)}` });
    await post({
      createdBy: "upgrade-shepherd",
      comment: formatMarker({ ...marker, clusterKey: "ack/cn-hangzhou/-/other" }),
    });
    await post({ createdBy: "upgrade-shepherd", comment: "by hand, no marker" });
    expect(await shell.list({ includeEnded: false })).toEqual([]);
  });

  it("turns an answer that is not the documented shape into a parse failure, and a 401 into auth", async () => {
    sink = await startWebhookSink({
      now,
      alertmanager: { auth: { basic: { username: "u", password: "p" } } },
    });
    const shell = amShell(amTarget(`${sink.url}/alertmanager`), "Basic bm90OnJpZ2h0");
    const failure = await shell.list({ includeEnded: false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SilenceTargetError);
    expect(failure).toMatchObject({ kind: "auth", status: 401, operation: "GetSilences" });
    expect(String((failure as Error).message)).not.toContain("bm90OnJpZ2h0");
    sink.alertmanager?.failNext(1, { status: 200, body: { silences: "not a list" } });
    const open = amShell(amTarget(`${sink.url}/alertmanager`), "Basic dTpw");
    await expect(open.list({ includeEnded: false })).rejects.toMatchObject({ kind: "parse" });
  });

  it("is refused by the SSRF guard before any request: a private address, or plain http outside the local stack", async () => {
    sink = await startWebhookSink({ now, alertmanager: {} });
    const privateHost = amTarget("https://alertmanager.internal.example");
    const shell = amShell(privateHost, undefined, { allowLoopback: false });
    await expect(shell.list({ includeEnded: false })).rejects.toMatchObject({
      kind: "url-policy",
      message: expect.stringContaining("10.0.0.5, a private address"),
    });
    const plain = amShell(amTarget(`${sink.url}/alertmanager`), undefined, { allowHttp: false });
    await expect(plain.list({ includeEnded: false })).rejects.toMatchObject({ kind: "url-policy" });
    expect(sink.deliveries).toEqual([]);
  });
});

describe("the PagerDuty shell", () => {
  const pdTarget = (url: string) => {
    const q = QuietDuringUpgradeSchema.parse({
      targets: [
        { name: "oncall", type: "pagerduty", url, from: "ops@example.com", services: ["PIJ90N7"] },
      ],
    });
    const t = q.targets[0];
    if (t?.type !== "pagerduty") throw new Error("expected a pagerduty target");
    return t;
  };

  it("finds its window past the first page, and ends an ongoing window with DELETE", async () => {
    sink = await startWebhookSink({
      now,
      pagerduty: { token: "pd-key-1234", services: ["PIJ90N7"] },
    });
    const shell = pagerDutyShell(
      pdTarget(`${sink.url}/pagerduty-api`),
      { key: KEY },
      {
        http: http(),
        auth: auth("Token token=pd-key-1234"),
        now,
      },
    );
    const other = pagerDutyShell(
      pdTarget(`${sink.url}/pagerduty-api`),
      { key: "cce/x/y/other" },
      {
        http: http(),
        auth: auth("Token token=pd-key-1234"),
        now,
      },
    );
    const otherMarker = { ...marker, clusterKey: "cce/x/y/other" };
    for (let i = 0; i < 120; i++) {
      await other.create({ ...newSilence, marker: otherMarker, text: formatMarker(otherMarker) });
    }
    const { id } = await shell.create(newSilence);
    const found = await shell.list({ includeEnded: false });
    expect(found.map((w) => w.id)).toEqual([id]);
    const lists = sink.deliveries.filter((d) => d.method === "GET");
    expect(lists.map((d) => [d.query.offset, d.query.filter, d.query["service_ids[]"]])).toEqual([
      ["0", "ongoing", "PIJ90N7"],
      ["100", "ongoing", "PIJ90N7"],
    ]);
    const window = found[0];
    if (!window) throw new Error("not found");
    await shell.expire(window);
    expect(sink.pagerduty?.windows.find((w) => w.id === id)?.endsAt).toBe(NOW.getTime());
    // Ended already: PagerDuty answers 405, which counts as done.
    await shell.expire(window);
    expect(sink.deliveries.at(-1)?.reply.status).toBe(405);
    // With includeEnded, an ended window of ours is listed too.
    const ended = await shell.list({ includeEnded: true });
    expect(ended.map((w) => [w.id, w.state])).toEqual([[id, "expired"]]);
  });
});

describe("the quiet step's deadline", () => {
  it("reports every call it could not make as cut by the deadline, and still returns the run's events", async () => {
    sink = await startWebhookSink({ now, alertmanager: {} });
    const quiet = QuietDuringUpgradeSchema.parse({
      targets: [{ name: "prod-am", type: "alertmanager", url: `${sink.url}/alertmanager` }],
    });
    const window = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
    const read = snapshot(
      CCE,
      cceUpgrade({ phase: "failed", rawPhase: "Failed", finishedAt: iso(T0 - 4 * MIN) }),
    );
    const judged = decide(read, window, POLICY);
    expect(judged.map((e) => e.detailType)).toContain("Upgrade Failed");
    const aborted = AbortSignal.abort();
    const run = await runQuiet([{ cluster: CCE, window, policy: POLICY, quiet }], [read], judged, {
      http: http(),
      auth: async () => ({ authorization: undefined, values: [] }),
      now,
      deadline: aborted,
    });
    expect(run.calls.map((c) => [c.operation, c.outcome, c.error?.kind])).toEqual([
      ["list", "failed", "deadline"],
    ]);
    expect(run.events.map((e) => e.detailType)).toEqual(judged.map((e) => e.detailType));
    expect(run.events.find((e) => e.detailType === "Upgrade Failed")?.detail).toMatchObject({
      silencesLifted: [{ target: { name: "prod-am" }, silenceId: null, outcome: "failed" }],
    });
    expect(sink.deliveries).toEqual([]);
  });
});

describe("a bug of ours in the quiet step", () => {
  it("is reported as an internal failure of that target, named by its error's name alone, and never drops the run's events", async () => {
    sink = await startWebhookSink({ now, alertmanager: {} });
    const quiet = QuietDuringUpgradeSchema.parse({
      targets: [{ name: "prod-am", type: "alertmanager", url: `${sink.url}/alertmanager` }],
    });
    const window = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
    const read = snapshot(
      CCE,
      cceUpgrade({ phase: "failed", rawPhase: "Failed", finishedAt: iso(T0 - 4 * MIN) }),
    );
    const judged = decide(read, window, POLICY);
    // A clock that gives an invalid date: the list succeeds, then planning throws a RangeError.
    const run = await runQuiet([{ cluster: CCE, window, policy: POLICY, quiet }], [read], judged, {
      http: http(),
      auth: async () => ({ authorization: undefined, values: [] }),
      now: () => new Date(Number.NaN),
    });
    expect(sink.deliveries.map((d) => d.method)).toEqual(["GET"]);
    expect(run.calls).toEqual([
      {
        cluster: CCE,
        target: { name: "prod-am", kind: "alertmanager" },
        operation: "list",
        outcome: "failed",
        silenceId: null,
        error: { kind: "internal", status: undefined, message: "internal error (RangeError)" },
      },
    ]);
    expect(run.events.map((e) => e.detailType)).toEqual(judged.map((e) => e.detailType));
    expect(run.events.find((e) => e.detailType === "Upgrade Failed")?.detail).toMatchObject({
      silencesLifted: [
        {
          target: { name: "prod-am" },
          silenceId: null,
          outcome: "failed",
          problem: "internal error (RangeError)",
        },
      ],
    });
  });
});

describe("secrets a target quotes back", () => {
  it("are scrubbed from the error: the header, the bare credential, the password and the token", async () => {
    // A misbehaving proxy on loopback that quotes the request's credentials in its error body.
    const server = createServer((req, res) => {
      const header = String(req.headers.authorization ?? "");
      const bare = header.slice(header.indexOf(" ") + 1);
      const decoded = header.startsWith("Basic ") ? Buffer.from(bare, "base64").toString() : "";
      res.writeHead(req.url?.startsWith("/am/") ? 401 : 500, { "content-type": "text/plain" });
      res.end(`refused: authorization=${header} credential=${bare} decoded=${decoded}`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    try {
      const password = "am-pass-7d1e2f";
      const token = "u+pdKey-3c4d5e6f";
      const auth = createQuietSecrets({
        env: {
          SHEPHERD_QUIET_PROD_AM: JSON.stringify({ username: "shepherd", password }),
          SHEPHERD_QUIET_ONCALL: JSON.stringify({ token }),
        },
      });
      const quiet = QuietDuringUpgradeSchema.parse({
        targets: [
          { name: "prod-am", type: "alertmanager", url: `${url}/am`, auth: "basic" },
          {
            name: "oncall",
            type: "pagerduty",
            url,
            from: "ops@example.com",
            services: ["PIJ90N7"],
          },
        ],
      });
      const window = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
      const run = await runQuiet(
        [{ cluster: CCE, window, policy: POLICY, quiet }],
        [snapshot(CCE, cceUpgrade())],
        [],
        { http: http(), auth, now },
      );
      expect(run.calls.map((c) => [c.target.name, c.error?.kind, c.error?.status])).toEqual([
        ["prod-am", "auth", 401],
        ["oncall", "server", 500],
      ]);
      for (const call of run.calls) expect(call.error?.message).toContain("[redacted]");
      const basic = Buffer.from(`shepherd:${password}`).toString("base64");
      const text = JSON.stringify(run);
      for (const secret of [password, token, basic, `Token token=${token}`]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
