import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { ConfigError } from "../../shared/errors.ts";
import { formatMatcher, renderMatchers } from "../../shared/quiet/matchers.ts";
import { mayQuiet } from "../../shared/quiet/mayQuiet.ts";
import { CCE } from "../helpers/upgrades.ts";

const prodA = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "p1",
  clusterId: "c1",
  name: "prod.a",
  labels: { team: "payments" },
};
const ackB = { provider: "ack", region: "cn-hangzhou", clusterId: "c2", labels: { team: "data" } };
const am = { name: "prod-am", type: "alertmanager", url: "https://alertmanager.example.com/" };
const pd = {
  name: "oncall",
  type: "pagerduty",
  from: "ops@example.com",
  services: ["PIJ90N7"],
};

const parse = (doc: unknown) => parseConfig(doc, { env: {} });
function problem(doc: unknown): ConfigError {
  try {
    parse(doc);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("quietDuringUpgrade in the config", () => {
  it('fills the defaults: every active phase and paused, cluster="{name}", 5s timeouts, PagerDuty\'s REST URL', () => {
    const config = parse({
      defaults: { quietDuringUpgrade: { targets: [am, pd] } },
      clusters: [prodA],
    });
    const quiet = config.defaults.quietDuringUpgrade;
    expect(quiet?.phases).toEqual(["pending", "prechecking", "running", "paused"]);
    expect(quiet?.lapseAfter).toBeUndefined();
    expect(quiet?.maxLength).toBe(24 * 3_600_000);
    expect(quiet?.targets[0]).toEqual({
      name: "prod-am",
      type: "alertmanager",
      url: "https://alertmanager.example.com",
      auth: "none",
      matchers: [{ name: "cluster", operator: "=", value: "{name}" }],
      allowPrivateNetwork: false,
      timeout: 5_000,
    });
    expect(quiet?.targets[1]).toMatchObject({ url: "https://api.pagerduty.com", timeout: 5_000 });
    // Every cluster inherits it; an override replaces the section, null turns it off.
    const two = parse({
      defaults: { quietDuringUpgrade: { targets: [am] } },
      clusters: [prodA, { ...ackB, overrides: { quietDuringUpgrade: null } }],
    });
    const [a, b] = resolveClusters(two);
    expect(a?.policy.quietDuringUpgrade?.targets.map((t) => t.name)).toEqual(["prod-am"]);
    expect(b?.policy.quietDuringUpgrade).toBeNull();
  });

  it("keeps Grafana's Alertmanager-compatible path prefix in the URL", () => {
    const grafana = { ...am, url: "https://grafana.example.com/api/alertmanager/grafana/" };
    const config = parse({
      defaults: { quietDuringUpgrade: { targets: [grafana] } },
      clusters: [],
    });
    expect(config.defaults.quietDuringUpgrade?.targets[0]?.url).toBe(
      "https://grafana.example.com/api/alertmanager/grafana",
    );
  });

  it("names the field of a matcher that is not Alertmanager's syntax", () => {
    const bad = { ...am, matchers: ["cluster={name}"] };
    const e = problem({ defaults: { quietDuringUpgrade: { targets: [bad] } }, clusters: [] });
    expect(e.path).toBe("defaults.quietDuringUpgrade.targets[0].matchers[0]");
    expect(e.message).toMatch(/double-quoted value/);
  });

  it("fails at cold start when a template names a label a cluster does not have, naming the cluster", () => {
    const team = { ...am, matchers: ['team="{labels.team}"', 'env="{labels.env}"'] };
    const e = problem({ defaults: { quietDuringUpgrade: { targets: [team] } }, clusters: [prodA] });
    expect(e.path).toBe("defaults.quietDuringUpgrade.targets[0].matchers[1]");
    expect(e.message).toContain('the cluster has no label "env", for clusters[0] (prod.a)');
  });

  it("refuses an unknown placeholder, {projectId} on ACK, and a silence that would match everything", () => {
    const typo = { ...am, matchers: ['cluster="{nmae}"'] };
    expect(
      problem({ defaults: { quietDuringUpgrade: { targets: [typo] } }, clusters: [prodA] }).message,
    ).toMatch(/unknown placeholder \{nmae\}/);
    const project = { ...am, matchers: ['project="{projectId}"'] };
    const e = problem({
      clusters: [{ ...ackB, overrides: { quietDuringUpgrade: { targets: [project] } } }],
    });
    expect(e.path).toBe("clusters[0].overrides.quietDuringUpgrade.targets[0].matchers[0]");
    const onlyRegex = { ...am, matchers: ['cluster=~".*"'] };
    expect(
      problem({ defaults: { quietDuringUpgrade: { targets: [onlyRegex] } }, clusters: [prodA] })
        .path,
    ).toBe("defaults.quietDuringUpgrade.targets[0].matchers");
  });

  it("refuses a lapseAfter not longer than the poll interval, and duplicate target names", () => {
    const short = { targets: [am], lapseAfter: "5m" };
    expect(problem({ defaults: { quietDuringUpgrade: short }, clusters: [prodA] }).path).toBe(
      "defaults.quietDuringUpgrade.lapseAfter",
    );
    const twice = { targets: [am, { ...am, url: "https://b.example.com" }] };
    expect(problem({ defaults: { quietDuringUpgrade: twice }, clusters: [] }).path).toBe(
      "defaults.quietDuringUpgrade.targets[1].name",
    );
  });

  it("refuses a maxLength not longer than lapseAfter (default two poll intervals), naming the cluster", () => {
    // The poll interval defaults to 5m, so lapseAfter defaults to 10m.
    const e = problem({
      defaults: { quietDuringUpgrade: { targets: [am], maxLength: "10m" } },
      clusters: [prodA],
    });
    expect(e.path).toBe("defaults.quietDuringUpgrade.maxLength");
    expect(e.message).toContain("prod.a");
    const own = { targets: [am], lapseAfter: "1h", maxLength: "30m" };
    const cluster = { ...prodA, overrides: { quietDuringUpgrade: own } };
    expect(problem({ clusters: [cluster] }).path).toBe(
      "clusters[0].overrides.quietDuringUpgrade.maxLength",
    );
    expect(
      problem({
        defaults: { quietDuringUpgrade: { targets: [am], maxLength: "8d" } },
        clusters: [],
      }).path,
    ).toBe("defaults.quietDuringUpgrade.maxLength");
    const ok = parse({
      defaults: { quietDuringUpgrade: { targets: [am], maxLength: "6h" } },
      clusters: [prodA],
    });
    expect(ok.defaults.quietDuringUpgrade?.maxLength).toBe(6 * 3_600_000);
  });

  it("keeps the same time rules for a discovery source's clusters, whose section is its own or the defaults'", () => {
    const source = { name: "ali-prod", credentials: "ali-prod", regions: ["cn-hangzhou"] };
    // The source polls every 15m: the defaults' 10m lapseAfter would lapse between its runs.
    const slow = problem({
      defaults: { quietDuringUpgrade: { targets: [am], lapseAfter: "10m" } },
      discover: { ack: [{ ...source, overrides: { pollInterval: "15m" } }] },
    });
    expect(slow.path).toBe("defaults.quietDuringUpgrade.lapseAfter");
    expect(slow.message).toContain("discover.ack[0] (ali-prod)");
    // Its own section: at its own path, target names and maxLength checked too.
    const own = { targets: [am, am], maxLength: "5m" };
    const e = problem({
      discover: { ack: [{ ...source, overrides: { quietDuringUpgrade: own } }] },
    });
    expect(e.path).toBe("discover.ack[0].overrides.quietDuringUpgrade.targets[1].name");
    expect(e.message).toContain(
      "discover.ack[0].overrides.quietDuringUpgrade.maxLength: must be longer than lapseAfter (10m)",
    );
    // A source that turns it off is not checked.
    const off = { ...source, overrides: { pollInterval: "15m", quietDuringUpgrade: null } };
    expect(() =>
      parse({
        defaults: { quietDuringUpgrade: { targets: [am], lapseAfter: "10m" } },
        discover: { ack: [off] },
      }),
    ).not.toThrow();
  });

  it("says a run may quiet a cluster when a listed cluster or a discovery source's clusters have the section", () => {
    const source = { name: "ali-prod", credentials: "ali-prod", regions: ["cn-hangzhou"] };
    const may = (doc: Record<string, unknown>) => {
      const config = parse(doc);
      return mayQuiet(config, resolveClusters(config));
    };
    expect(may({ clusters: [prodA] })).toBe(false);
    expect(
      may({ clusters: [{ ...prodA, overrides: { quietDuringUpgrade: { targets: [am] } } }] }),
    ).toBe(true);
    // No listed cluster at all: only the discovered ones can be kept quiet.
    const own = { ...source, overrides: { quietDuringUpgrade: { targets: [am] } } };
    expect(may({ discover: { ack: [own] } })).toBe(true);
    expect(
      may({ defaults: { quietDuringUpgrade: { targets: [am] } }, discover: { ack: [source] } }),
    ).toBe(true);
    const off = { ...source, overrides: { quietDuringUpgrade: null } };
    expect(
      may({ defaults: { quietDuringUpgrade: { targets: [am] } }, discover: { ack: [off] } }),
    ).toBe(false);
  });

  it("refuses plain http off loopback, a URL with a password, a PagerDuty target with no From, and unknown keys", () => {
    const http = { ...am, url: "http://alertmanager.internal:9093" };
    expect(
      problem({ defaults: { quietDuringUpgrade: { targets: [http] } }, clusters: [] }).message,
    ).toMatch(/must use https/);
    const userinfo = { ...am, url: "https://admin:hunter2@alertmanager.example.com" };
    const e = problem({ defaults: { quietDuringUpgrade: { targets: [userinfo] } }, clusters: [] });
    expect(e.message).toMatch(/user name or password/);
    expect(e.message).not.toContain("hunter2");
    const { from: _from, ...noFrom } = pd;
    expect(
      problem({ defaults: { quietDuringUpgrade: { targets: [noFrom] } }, clusters: [] }).path,
    ).toBe("defaults.quietDuringUpgrade.targets[0].from");
    expect(
      problem({
        defaults: { quietDuringUpgrade: { targets: [{ ...am, matcher: [] }] } },
        clusters: [],
      }).message,
    ).toMatch(/did you mean "matchers"/);
  });
});

describe("renderMatchers", () => {
  const templates = (texts: string[]) =>
    parse({
      defaults: { quietDuringUpgrade: { targets: [{ ...am, matchers: texts }] } },
      clusters: [],
    }).defaults.quietDuringUpgrade?.targets[0];

  it("fills each placeholder, escaping the values put into a regex matcher", () => {
    const t = templates([
      'cluster="{name}"',
      'k8s_cluster=~"{name}|{clusterId}"',
      'team!="{labels.team}"',
      'region="{region}"',
      'quantifier=~"node-[0-9]{2}"',
    ]);
    if (t?.type !== "alertmanager") throw new Error("expected an alertmanager target");
    const rendered = renderMatchers(t.matchers, { ...CCE, name: "prod.a" });
    if ("problems" in rendered) throw new Error(JSON.stringify(rendered.problems));
    expect(rendered.matchers.map(formatMatcher)).toEqual([
      'cluster="prod.a"',
      `k8s_cluster=~"prod\\\\.a|${CCE.clusterId}"`,
      'team!="payments"',
      'region="cn-north-4"',
      'quantifier=~"node-[0-9]{2}"',
    ]);
    expect(rendered.matchers[1]).toEqual({
      name: "k8s_cluster",
      value: `prod\\.a|${CCE.clusterId}`,
      isRegex: true,
      isEqual: true,
    });
  });

  it("uses the cluster id for {name} when the cluster has no name", () => {
    const t = templates(['cluster="{name}"']);
    if (t?.type !== "alertmanager") throw new Error("expected an alertmanager target");
    const { name: _n, ...unnamed } = CCE;
    expect(renderMatchers(t.matchers, unnamed)).toEqual({
      matchers: [{ name: "cluster", value: CCE.clusterId, isRegex: false, isEqual: true }],
    });
  });
});
