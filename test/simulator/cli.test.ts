import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSimulate } from "../../cli/simulate.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { ClusterRefSchema } from "../../shared/model/cluster.ts";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: {} },
    out,
    err,
  };
};

/** Runs the command in-process until the first stdout line appears, then hands it over. */
async function started(args: string[]) {
  const c = capture();
  const controller = new AbortController();
  const done = runSimulate(args, c.io, controller.signal);
  while (c.out.length === 0) await new Promise((r) => setImmediate(r));
  return {
    first: JSON.parse(c.out[0] as string),
    stop: () => {
      controller.abort();
      return done;
    },
    ...c,
  };
}

describe("upgrade-shepherd simulate", () => {
  it("prints url, credentials and clusters first, and serves them", async () => {
    const s = await started(["--scenario", "demo", "--credentials", "MYAK:MYSK", "--seed", "3"]);
    expect(Object.keys(s.first).slice(0, 3)).toEqual(["url", "credentials", "clusters"]);
    expect(s.first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.first.credentials).toContainEqual({ ak: "MYAK", sk: "MYSK" });
    for (const c of s.first.clusters) expect(() => ClusterRefSchema.parse(c)).not.toThrow();
    expect(s.first.clusters.map((c: { provider: string }) => c.provider)).toContain(
      "cce-autopilot",
    );
    expect(s.first.clusterCredentials["8b5a4f6d-cce3-11ef-9a01-0255ac100004"]).toBe(
      s.first.rejectedCredentials[0].ak,
    );

    const ack = s.first.clusters.find((c: { name: string }) => c.name === "ack-pause");
    const res = await createSignedClient().request({
      cloud: "alibaba",
      operation: "DescribeClusterDetail",
      method: "GET",
      endpoint: s.first.url,
      path: `/clusters/${ack.clusterId}`,
      credentials: { ak: "MYAK", sk: "MYSK" },
    });
    expect((res.body as { name: string }).name).toBe("ack-pause");
    expect(await s.stop()).toBe(0);
  });

  it("plays N generated clusters with --generate", async () => {
    const s = await started(["--generate", "30", "--seed", "9", "--latency", "1"]);
    expect(s.first.clusters).toHaveLength(30);
    expect(new Set(s.first.clusters.map((c: { provider: string }) => c.provider)).size).toBe(3);
    expect(await s.stop()).toBe(0);
  });

  it("exits 2 with usage on bad options", async () => {
    const c = capture();
    const code = await runSimulate(
      ["--credentials", "nocolon"],
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(2);
    expect(c.err.join("")).toContain("--credentials wants AK:SK");
    expect(await runSimulate(["--bogus"], c.io, new AbortController().signal)).toBe(2);
  });

  it("exits 2 naming the file when a scenario does not load", async () => {
    const c = capture();
    expect(
      await runSimulate(["--scenario", "./no/such.yaml"], c.io, new AbortController().signal),
    ).toBe(2);
    expect(c.err.join("")).toContain("no/such.yaml");
  });

  it("stops cleanly on SIGTERM as a real process", async () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "upgrade-shepherd.mjs");
    const child = spawn(process.execPath, [bin, "simulate", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const first = await new Promise<string>((resolve, reject) => {
      let buf = "";
      child.stdout.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.includes("\n")) resolve(buf.slice(0, buf.indexOf("\n")));
      });
      child.once("exit", () => reject(new Error("exited before printing")));
    });
    expect(JSON.parse(first).url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const exit = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
