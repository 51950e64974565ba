import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { statusBucketFrom } from "../../shared/config/statusBucket.ts";
import { buildStatusModel } from "../../shared/status/buildStatusModel.ts";
import type { StatusJson } from "../../shared/status/statusDocument.ts";
import { memoryStatusStore, s3StatusStore } from "../../shared/status/statusStore.ts";
import {
  STATUS_JSON_KEY,
  STATUS_PAGE_KEY,
  writeStatusPage,
} from "../../shared/status/writeStatusPage.ts";
import { iso, MIN, T0 } from "../decide/fixtures.ts";
import { recordingBus, scheduledEvent } from "../helpers/recording-bus.ts";
import { statusFleet } from "../helpers/statusFleet.ts";

const fleet = statusFleet(9, T0);
const part = (index: number, count: number, t = iso(T0), attempt = 1) =>
  buildStatusModel({
    t,
    now: T0,
    reads: fleet.slice(index * 3, index * 3 + 3),
    part: { index, count, attempt },
  });
const json = async (store: ReturnType<typeof memoryStatusStore>) =>
  JSON.parse((await store.get(STATUS_JSON_KEY)) ?? "null") as StatusJson;

describe("writeStatusPage", () => {
  it("each shard writes its part; the page holds every part written so far and names the rest", async () => {
    const store = memoryStatusStore();
    const first = await writeStatusPage(store, part(0, 3));
    expect(first).toEqual({ pageWritten: true, parts: 1, missing: [1, 2] });
    expect(await store.get(STATUS_PAGE_KEY)).toContain(
      "Shards 2, 3 of 3 have not written their part",
    );
    await writeStatusPage(store, part(2, 3));
    const last = await writeStatusPage(store, part(1, 3));
    expect(last).toEqual({ pageWritten: true, parts: 3, missing: [] });
    expect((await json(store)).clusters).toHaveLength(9);
    expect(store.objects.get(STATUS_PAGE_KEY)?.contentType).toBe("text/html; charset=utf-8");
    expect(await store.get(STATUS_PAGE_KEY)).not.toContain("have not written");
  });

  it("never replaces a newer run's page with an older run's late shard", async () => {
    const store = memoryStatusStore();
    await writeStatusPage(store, part(0, 1, iso(T0 + 5 * MIN)));
    const late = await writeStatusPage(store, part(0, 1, iso(T0)));
    expect(late.pageWritten).toBe(false);
    expect((await json(store)).t).toBe(iso(T0 + 5 * MIN));
  });

  it("leaves out a part that does not parse, and a retry's clusters replace the first attempt's", async () => {
    const store = memoryStatusStore();
    await store.put(`runs/${iso(T0)}/part-1-of-2-attempt-1.json`, "{not json", "application/json");
    const retry = buildStatusModel({
      t: iso(T0),
      now: T0,
      reads: [
        {
          cluster: (fleet[0] as (typeof fleet)[number]).cluster,
          snapshot: null,
          failure: { kind: "timeout", message: "cut" },
        },
      ],
      part: { index: 0, count: 2, attempt: 2 },
    });
    await writeStatusPage(store, part(0, 2));
    const written = await writeStatusPage(store, retry);
    expect(written.missing).toEqual([1]);
    const doc = await json(store);
    expect(doc.clusters).toHaveLength(3);
    expect(doc.clusters.filter((c) => c.state === "unreadable")).toHaveLength(1);
  });
});

describe("s3StatusStore (AWS S3 faked: no AWS here)", () => {
  it("puts private no-store objects, lists every page, and reads a missing key as null", async () => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const fake = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        if (command.constructor.name === "ListObjectsV2Command") {
          return command.input.ContinuationToken
            ? { Contents: [{ Key: "runs/t/b.json" }], IsTruncated: false }
            : {
                Contents: [{ Key: "runs/t/a.json" }],
                IsTruncated: true,
                NextContinuationToken: "n",
              };
        }
        if (command.constructor.name === "GetObjectCommand") {
          throw Object.assign(new Error("The specified key does not exist."), {
            name: "NoSuchKey",
          });
        }
        return {};
      },
    };
    const store = s3StatusStore("shepherd-status-prod", fake);
    await store.put("index.html", "<p>x</p>", "text/html; charset=utf-8");
    expect(sent[0]).toEqual({
      name: "PutObjectCommand",
      input: {
        Bucket: "shepherd-status-prod",
        Key: "index.html",
        Body: "<p>x</p>",
        ContentType: "text/html; charset=utf-8",
        CacheControl: "no-store",
      },
    });
    expect(sent[0]?.input).not.toHaveProperty("ACL");
    expect(await store.list("runs/t/")).toEqual(["runs/t/a.json", "runs/t/b.json"]);
    expect(await store.get("status.json")).toBeNull();
  });

  it("the bucket name is checked at cold start, naming the variable", () => {
    expect(statusBucketFrom({})).toBeNull();
    expect(statusBucketFrom({ SHEPHERD_STATUS_BUCKET: "shepherd-status-prod" })).toBe(
      "shepherd-status-prod",
    );
    expect(() => statusBucketFrom({ SHEPHERD_STATUS_BUCKET: "Bad_Bucket" })).toThrow(
      /SHEPHERD_STATUS_BUCKET: is not an S3 bucket name/,
    );
  });
});

describe("poll-status writes the page (the real handler against the simulator; EventBridge faked)", () => {
  let sim: Simulator | undefined;
  afterEach(async () => sim?.close());

  it("a scheduled run leaves index.html and status.json with every cluster of the run", async () => {
    const scenario = await loadScenario("history");
    const start = Date.parse(scenario.start);
    const clock = createTestClock(new Date(start + 10 * MIN + 5_000));
    sim = await startSimulator({ scenario, clock });
    const generated = configForSimulator(describeSimulator(sim) as never, {});
    const store = memoryStatusStore();
    const handler = createPollStatusHandler({
      eventBridge: recordingBus(),
      client: createSignedClient({ sleep: async () => {} }),
      now: () => clock.now(),
      statusStore: store,
      config: { env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) } },
    });
    const summary = (await handler(scheduledEvent(new Date(start + 10 * MIN)), {} as never)) as {
      statusPage?: string;
    };
    expect(summary.statusPage).toBe("written");
    const doc = await json(store);
    expect(doc.clusters.map((c) => `${c.cluster.name}:${c.state}`).sort()).toEqual([
      "ack-history:running",
      "autopilot-history:cancelled",
      "cce-history:running",
    ]);
    expect(doc.clusters.find((c) => c.cluster.name === "ack-history")?.eta).toMatchObject({
      basis: "cluster",
    });
    expect(await store.get(STATUS_PAGE_KEY)).toContain("cce-history");
  });
});
