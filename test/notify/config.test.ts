import { describe, expect, it } from "vitest";
import * as z from "zod";
import { CATALOGUE } from "../../shared/events/catalogue.ts";
import { NotifyConfigSchema, notifyConfigProblems } from "../../shared/notify/config.ts";
import { NOTIFIABLE_TYPES } from "../../shared/notify/notifiableType.ts";

const parse = (input: unknown) => NotifyConfigSchema.safeParse(input);
const messages = (input: unknown): string[] => {
  const r = parse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("notify config", () => {
  it("fills defaults a receiver does not write", () => {
    const config = NotifyConfigSchema.parse({
      receivers: [{ name: "ops-slack", type: "slack" }],
      routes: [{ receivers: ["ops-slack"] }],
    });
    expect(config.receivers[0]).toEqual({
      name: "ops-slack",
      type: "slack",
      allowPrivateNetwork: false,
      timeout: 5000,
      filter: { lifecycle: "all", noRepeats: [], pollFailed: "every-run" },
    });
    expect(NotifyConfigSchema.parse({})).toEqual({ receivers: [], routes: [] });
  });

  it("reads the full shape", () => {
    const config = NotifyConfigSchema.parse({
      receivers: [
        {
          name: "ops-dingtalk",
          type: "dingtalk",
          secret: "shared-robot",
          timeout: "3s",
          aggregate: 5,
          filter: {
            minSeverity: "warning",
            eventTypes: ["Upgrade Failed", "Upgrade Stalled"],
            lifecycle: "terminal",
            noRepeats: ["Upgrade Stalled"],
            pollFailed: "once-per-bucket",
          },
        },
      ],
      routes: [
        {
          name: "prod",
          receivers: ["ops-dingtalk"],
          minSeverity: "info",
          eventTypes: ["Upgrade Failed"],
          providers: ["ack"],
          labels: { env: "prod-*" },
        },
      ],
    });
    expect(config.receivers[0]?.timeout).toBe(3000);
    expect(config.routes[0]?.labels).toEqual({ env: "prod-*" });
  });

  it("refuses unknown keys, with a suggestion", () => {
    expect(messages({ receivers: [{ name: "a", type: "slack", timout: "1s" }] })).toEqual([
      'receivers.0: unknown key; did you mean "timeout"?',
    ]);
  });

  it("refuses routes to receivers that do not exist, duplicate names and misplaced options", () => {
    expect(
      messages({
        receivers: [
          { name: "a", type: "slack", aggregate: 3 },
          { name: "a", type: "wecom" },
        ],
        routes: [{ receivers: ["a", "b"] }],
      }),
    ).toEqual([
      "receivers.0.aggregate: applies only to dingtalk and wecom receivers, not slack",
      "receivers.1.name: duplicates receivers[0].name",
      'routes.0.receivers.1: names no receiver "b" (known: a)',
    ]);
  });

  it("refuses event types notify never receives, and bad names", () => {
    expect(messages({ routes: [{ receivers: ["x"], eventTypes: ["Cancel Due"] }] })[0]).toMatch(
      /^routes\.0\.eventTypes\.0: /,
    );
    expect(messages({ receivers: [{ name: "Ops Slack", type: "slack" }] })[0]).toMatch(
      /receiver name: lower-case letters/,
    );
    expect(
      messages({
        receivers: [{ name: "a", type: "slack", filter: { noRepeats: ["Poll Failed"] } }],
      }),
    ).toHaveLength(1);
  });

  it("gives the cross-field problems as config paths, for shared/config", () => {
    expect(
      notifyConfigProblems({ receivers: [], routes: [{ receivers: ["ghost"] }] }).map(
        (p) => p.path,
      ),
    ).toEqual(["routes[0].receivers[0]"]);
  });

  it("lists the catalogue's notified types, and only those", () => {
    expect([...NOTIFIABLE_TYPES]).toEqual(
      CATALOGUE.filter((e) => e.notify !== "no").map((e) => e.detailType),
    );
  });

  it("converts to JSON Schema for editors", () => {
    const schema = z.toJSONSchema(NotifyConfigSchema, { io: "input", target: "draft-7" });
    expect(JSON.stringify(schema)).toContain("allowPrivateNetwork");
  });
});
