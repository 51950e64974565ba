import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { credentialsVariable } from "../../shared/config/loadCredentials.ts";
import { captureIo } from "../helpers/capture-io.ts";

// `upgrade-shepherd discover` in-process, against the simulator on loopback.
const ALI = { ak: "ALIDISCOVERCLI000001", sk: "ali-cli-secret-never-shown" };
const HW = { ak: "HWDISCOVERCLI0000001", sk: "hw-cli-secret-never-shown" };
const PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
let sim: Simulator;
let dir: string;
const env = {
  [credentialsVariable("ali")]: JSON.stringify(ALI),
  [credentialsVariable("hw")]: JSON.stringify(HW),
};

beforeAll(async () => {
  const scenario = parseScenario({
    name: "discover-cli",
    start: "2025-01-15T02:00:00Z",
    credentials: [ALI, HW],
    clusters: [
      {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: "cprod0000000000000000000000000001",
        name: "shop-prod",
        version: "1.30.1-aliyun.1",
        credentials: ALI.ak,
        tags: { env: "prod", team: "shop" },
      },
      {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: "cdev00000000000000000000000000001",
        name: "shop-dev",
        version: "1.30.1-aliyun.1",
        credentials: ALI.ak,
        tags: { env: "dev" },
      },
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
        name: "cce-prod",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        tags: { env: "prod" },
      },
    ],
  });
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date("2025-01-15T02:00:00Z")),
  });
  dir = await mkdtemp(join(tmpdir(), "discover-cli-"));
});
afterAll(async () => {
  await sim.close();
});

async function configFile(extra: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  const config = {
    discover: {
      ack: [
        {
          name: "ali-prod",
          credentials: "ali",
          endpoint: sim.url,
          regions: ["cn-hangzhou"],
          filters: { tags: { env: "prod" } },
        },
      ],
      cce: [
        {
          name: "hw-prod",
          credentials: "hw",
          endpoint: sim.url,
          projects: [{ region: "cn-north-4", projectId: PROJECT }],
        },
      ],
      ...extra,
    },
    clusters: [
      {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: "clisted000000000000000000000000001",
        name: "listed-only",
        endpoint: sim.url,
        credentials: "ali",
      },
    ],
  };
  await writeFile(file, JSON.stringify(config));
  return file;
}

describe("upgrade-shepherd discover", () => {
  it("prints the inventory with the source and rule of each cluster, and exits 0", async () => {
    const io = captureIo(env);
    const code = await main(["discover", "--config", await configFile(), "--all"], io);
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(
      /^would watch 3 cluster\(s\): 1 listed only, 2 discovered by 2 source\(s\)/,
    );
    expect(out).toMatch(
      /shop-prod\s+ack\s+cn-hangzhou\s+discovered\s+ali-prod\s+tag env=prod\s+env=prod,team=shop/,
    );
    expect(out).toMatch(
      /cce-prod\s+cce\s+cn-north-4\/0a1b2c3d4e5f40718293a4b5c6d7e8f9\s+discovered\s+hw-prod\s+every cluster/,
    );
    expect(out).toMatch(/listed-only\s+ack\s+cn-hangzhou\s+listed\s+-\s+listed in clusters/);
    expect(out).toMatch(/shop-dev\s+ack\s+cn-hangzhou\s+ali-prod\s+tag env is "dev", not "prod"/);
    expect(io.stderr()).toBe("");
  });

  it("--json gives the same inventory as data, and a source that cannot be listed exits 1", async () => {
    const io = captureIo(env);
    const file = await configFile({
      "cce-autopilot": [
        {
          name: "hw-missing",
          credentials: "nowhere",
          endpoint: sim.url,
          projects: [{ region: "cn-north-4", projectId: PROJECT }],
        },
      ],
    });
    const code = await main(["discover", "--config", file, "--json"], io);
    expect(code).toBe(1);
    const out = JSON.parse(io.stdout());
    expect(Object.keys(out).sort()).toEqual(["failures", "inventory", "skipped", "sources"]);
    expect(
      out.inventory.map((c: { name: string; origin: string; source: string | null }) => [
        c.name,
        c.origin,
        c.source,
      ]),
    ).toEqual([
      ["listed-only", "listed", null],
      ["shop-prod", "discovered", "ali-prod"],
      ["cce-prod", "discovered", "hw-prod"],
    ]);
    expect(out.failures).toEqual([
      expect.objectContaining({ source: "hw-missing", kind: "credentials", clustersFound: 0 }),
    ]);
    expect(io.stdout()).not.toContain(ALI.sk);
  });

  it("a bad config exits 2 naming the field, and lists nothing", async () => {
    const io = captureIo(env);
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ discover: { ack: [{ name: "x", regoins: ["cn-hangzhou"] }] } }),
    );
    const before = sim.requests.length;
    expect(await main(["discover", "--config", file], io)).toBe(2);
    expect(io.stderr()).toContain('discover.ack[0].regoins: unknown key; did you mean "regions"?');
    expect(sim.requests.length).toBe(before);
  });
});
