import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import type { DecidePolicy } from "../../shared/decide/policy.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";
import type { Upgrade, UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { guardedFetchFor } from "../../shared/net/guardedFetchFor.ts";
import { systemLookup } from "../../shared/notify/urlPolicy.ts";
import { QuietDuringUpgradeSchema } from "../../shared/quiet/quietConfig.ts";
import { createQuietSecrets } from "../../shared/quiet/quietSecrets.ts";
import { type QuietCluster, runQuiet } from "../../shared/quiet/runQuiet.ts";

// A real Alertmanager: Debian's `prometheus-alertmanager` (0.25.0 in bookworm), started here as
// our own process on 127.0.0.1 with a temporary config, storage path and free port, basic auth
// through its --web.config.file, and no cluster listener. Not part of `npm test`: run it with
// `npm run test:alertmanager` (docs/quiet-during-upgrade.md); .ci/run installs the package and
// runs it. The quiet step (runQuiet) runs for real: the one HTTP stack, the SSRF guard (loopback
// allowed, as in the local stack), the target secret read from the environment. Alertmanager
// judges times on its own wall clock, so the step's clock is the wall clock plus an offset the
// test sets (a later run is "5 minutes later" for our planning, and still valid for it).

const BINARIES = ["prometheus-alertmanager", "alertmanager"];
const USER = "shepherd";
const PASSWORD = "am-password-8f3c1e";
/** bcrypt (cost 4) of PASSWORD: python3 -c "import crypt; print(crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))". */
const PASSWORD_BCRYPT = "$2b$04$IVg8KQRr3E9US7rfXN9PCuHN9QLfAXOLoFplzUy.Ite/7xozAOqUi";
const MIN = 60_000;

let am: ChildProcess | undefined;
let dir = "";
let base = "";
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

function findBinary(): string {
  const explicit = process.env.ALERTMANAGER_BIN;
  if (explicit) return explicit;
  for (const name of BINARIES) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // Try the next name.
    }
  }
  throw new Error(
    "no Alertmanager binary: install Debian's package (apt-get install -y prometheus-alertmanager) or set ALERTMANAGER_BIN",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Waits for the process to answer HTTP (401 counts: it listens, and wants its auth). */
async function untilListening(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${log()}`);
    try {
      await fetch(`${url}/-/ready`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`alertmanager did not listen within 30 s: ${log()}`);
}

beforeAll(async () => {
  const binary = findBinary();
  dir = await mkdtemp(join(tmpdir(), "shepherd-alertmanager-"));
  await writeFile(
    join(dir, "alertmanager.yml"),
    'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n',
  );
  await writeFile(join(dir, "web.yml"), `basic_auth_users:\n  ${USER}: ${PASSWORD_BCRYPT}\n`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  let output = "";
  am = spawn(
    binary,
    [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--web.config.file=${join(dir, "web.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  am.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  am.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  await untilListening(base, am, () => output.slice(-2000));
}, 60_000);

afterAll(async () => {
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am?.once("exit", r));
    am.kill("SIGTERM");
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cluster: ClusterRef = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
  name: "prod.a",
  labels: { team: "payments" },
};
const POLICY: DecidePolicy = {
  pollInterval: 5 * MIN,
  lag: 2 * MIN,
  stallAfter: 60 * MIN,
  repeat: 4 * 60 * MIN,
  postcheckHorizon: 6 * 60 * MIN,
  postcheck: true,
  onFailure: "alert-only",
  onPause: "alert-only",
  dryRun: false,
};

const http = {
  fetchFor: guardedFetchFor(),
  lookup: systemLookup,
  allowHttp: true,
  allowLoopback: true,
};
const auth = createQuietSecrets({
  env: { SHEPHERD_QUIET_PROD_AM: JSON.stringify({ username: USER, password: PASSWORD }) },
});

/** One run at the grid point `t` (epoch ms), reading `upgrade` for the cluster. */
async function run(
  t: number,
  upgrade: Upgrade,
  matchers = ['cluster="{name}"', 'team="{labels.team}"'],
  section: Record<string, unknown> = {},
) {
  const quiet = QuietDuringUpgradeSchema.parse({
    ...section,
    targets: [{ name: "prod-am", type: "alertmanager", url: base, auth: "basic", matchers }],
  });
  const window = windowFor(new Date(t), POLICY.pollInterval, POLICY.lag);
  const snapshot: UpgradeSnapshot = { cluster, readAt: now().toISOString(), upgrade };
  const judged: ShepherdEvent[] = decide(snapshot, window, POLICY);
  const c: QuietCluster = { cluster, window, policy: POLICY, quiet };
  return runQuiet([c], [snapshot], judged, { http, auth, now });
}

async function silences(): Promise<
  {
    id: string;
    status: { state: string };
    endsAt: string;
    startsAt: string;
    comment: string;
    createdBy: string;
    matchers: unknown[];
  }[]
> {
  const res = await fetch(`${base}/api/v2/silences`, {
    headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

const grid = (ms: number) => Math.floor(ms / (5 * MIN)) * 5 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

function upgrade(t: number, over: Partial<Upgrade> = {}): Upgrade {
  return {
    id: `f40cafed-7bf1-4c3b-b619-${String(t).slice(-12)}`,
    phase: "running",
    rawPhase: "Running",
    progress: 40,
    fromVersion: "v1.28.5-r0",
    toVersion: "v1.29.1-r0",
    createdAt: iso(t - 20 * MIN),
    finishedAt: null,
    updatedAt: iso(t - 3 * MIN),
    steps: [],
    message: null,
    source: "cce-task",
    workflowId: "wf-1",
    workflowPhase: "Running",
    ...over,
  };
}

describe("quiet during upgrade against a real Alertmanager (Debian prometheus-alertmanager)", () => {
  const t0 = grid(Date.now());
  const running = upgrade(t0);

  it("creates one silence with the cluster's matchers, ours by createdBy and the marker, behind basic auth", async () => {
    offsetMs = 0;
    const first = await run(t0, running);
    expect(first.calls.map((c) => `${c.operation} ${c.outcome}`)).toEqual(["list ok", "create ok"]);
    const [s, ...others] = await silences();
    expect(others).toEqual([]);
    expect(s).toMatchObject({
      status: { state: "active" },
      createdBy: "upgrade-shepherd",
      matchers: [
        { name: "cluster", value: "prod.a", isRegex: false, isEqual: true },
        { name: "team", value: "payments", isRegex: false, isEqual: true },
      ],
    });
    expect(s?.comment).toContain(
      `[upgrade-shepherd cluster=${encodeURIComponent(clusterKey(cluster))}`,
    );
    const silenced = first.events.find((e) => e.detailType === "Alerts Silenced");
    expect(silenced?.detail).toMatchObject({
      silence: { id: s?.id, matchers: ['cluster="prod.a"', 'team="payments"'] },
    });
    // Ten minutes (two intervals) after the run, to the second.
    expect(
      Math.abs(Date.parse(s?.endsAt ?? "") - (Date.parse(s?.startsAt ?? "") + 10 * MIN)),
    ).toBeLessThan(1_000);
  });

  it("finds it again in a retried run: no second silence, and the same Alerts Silenced id", async () => {
    const before = await silences();
    const retry = await run(t0, running);
    expect(retry.calls.map((c) => `${c.operation} ${c.outcome}`)).toEqual(["list ok"]);
    expect((await silences()).map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(retry.events.filter((e) => e.detailType === "Alerts Silenced")).toHaveLength(1);
  });

  it("extends it in place at the next run (Alertmanager keeps the id)", async () => {
    const [before] = await silences();
    offsetMs = 5 * MIN;
    const next = await run(t0 + 5 * MIN, running);
    expect(next.calls.map((c) => `${c.operation} ${c.outcome}`)).toEqual(["list ok", "extend ok"]);
    const [after, ...others] = await silences();
    expect(others).toEqual([]);
    expect(after?.id).toBe(before?.id);
    expect(Date.parse(after?.endsAt ?? "")).toBeGreaterThan(
      Date.parse(before?.endsAt ?? "") + 4 * MIN,
    );
    expect(next.events.filter((e) => e.detailType === "Alerts Silenced")).toEqual([]);
  });

  it("lifts it in the run that reads the failure, and the failure alert lists it", async () => {
    const [live] = await silences();
    offsetMs = 10 * MIN;
    const failedAt = t0 + 10 * MIN - 3 * MIN;
    const failed = await run(
      t0 + 10 * MIN,
      upgrade(t0, { phase: "failed", rawPhase: "Failed", finishedAt: iso(failedAt) }),
    );
    expect(failed.calls.map((c) => `${c.operation} ${c.outcome} ${c.reason ?? ""}`.trim())).toEqual(
      ["list ok", "expire ok failed"],
    );
    const [ended] = await silences();
    expect(ended).toMatchObject({ id: live?.id, status: { state: "expired" } });
    const alert = failed.events.find((e) => e.detailType === "Upgrade Failed");
    expect(alert?.detail).toMatchObject({
      silencesLifted: [
        {
          target: { name: "prod-am", kind: "alertmanager" },
          silenceId: live?.id,
          outcome: "lifted",
        },
      ],
    });
    expect(failed.events.map((e) => e.detailType)).toEqual(["Alerts Unsilenced", "Upgrade Failed"]);
  });

  it("escapes a cluster name put into a regex matcher, and Alertmanager's filter finds the silence by it", async () => {
    offsetMs = 0;
    const other = upgrade(t0 + 1);
    const made = await run(t0, other, ['team="{labels.team}"', 'cluster=~"{name}"']);
    expect(
      made.calls.map((c) => `${c.operation} ${c.outcome} ${c.error?.message ?? ""}`.trim()),
    ).toEqual(["list ok", "create ok"]);
    const regex = (await silences()).find((s) => s.status.state === "active");
    expect(regex?.matchers).toEqual([
      { name: "team", value: "payments", isRegex: false, isEqual: true },
      { name: "cluster", value: "prod\\.a", isRegex: true, isEqual: true },
    ]);
    const again = await run(t0, other, ['team="{labels.team}"', 'cluster=~"{name}"']);
    expect(again.calls.map((c) => `${c.operation} ${c.outcome}`)).toEqual(["list ok"]);
  });

  it("is refused with a wrong password (401), reported and not retried", async () => {
    const wrong = createQuietSecrets({
      env: {
        SHEPHERD_QUIET_PROD_AM: JSON.stringify({ username: USER, password: "wrong-password" }),
      },
    });
    const quiet = QuietDuringUpgradeSchema.parse({
      targets: [{ name: "prod-am", type: "alertmanager", url: base, auth: "basic" }],
    });
    const window = windowFor(new Date(t0), POLICY.pollInterval, POLICY.lag);
    const snapshot: UpgradeSnapshot = {
      cluster,
      readAt: now().toISOString(),
      upgrade: upgrade(t0 + 2),
    };
    const result = await runQuiet([{ cluster, window, policy: POLICY, quiet }], [snapshot], [], {
      http,
      auth: wrong,
      now,
    });
    expect(result.calls).toEqual([
      expect.objectContaining({
        operation: "list",
        outcome: "failed",
        error: expect.objectContaining({ kind: "auth", status: 401 }),
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain("wrong-password");
  });

  it("lifts a silence at maxLength, and finds the expired one next run so it makes none again (a read with no start time)", async () => {
    // A CCE cluster-only read gives the upgrade no start: maxLength counts from our first silence.
    const undated = upgrade(t0 + 3, { source: "cce-cluster" });
    const bounded = (t: number, offset: number) => {
      offsetMs = offset;
      return run(t, undated, undefined, { maxLength: "15m" });
    };
    const lines = (r: Awaited<ReturnType<typeof run>>) =>
      r.calls.map((c) => `${c.operation} ${c.outcome} ${c.reason ?? ""}`.trim());
    const ofUpgrade = async () =>
      (await silences()).filter((s) => s.comment.includes(`upgrade=${undated.id}`));
    expect(lines(await bounded(t0, 0))).toEqual(["list ok", "create ok"]);
    for (const m of [5, 10]) {
      expect(lines(await bounded(t0 + m * MIN, m * MIN))).toEqual(["list ok", "extend ok"]);
    }
    const [live] = await ofUpgrade();
    expect(live?.status.state).toBe("active");
    // 15 minutes after the run that made it: lifted, and said so.
    const capped = await bounded(t0 + 15 * MIN, 15 * MIN);
    expect(lines(capped)).toEqual(["list ok", "expire ok max-length"]);
    expect(capped.events.find((e) => e.detailType === "Alerts Unsilenced")?.detail).toMatchObject({
      reason: "max-length",
      silence: { id: live?.id },
    });
    // Alertmanager lists the expired silence: the next run knows the upgrade was kept quiet since
    // the first run, and makes no new one.
    expect(lines(await bounded(t0 + 20 * MIN, 20 * MIN))).toEqual(["list ok"]);
    const after = await ofUpgrade();
    expect(after.map((s) => [s.id, s.status.state])).toEqual([[live?.id, "expired"]]);
  });
});
