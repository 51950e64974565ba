import type { ClusterRef } from "../model/cluster.ts";

/**
 * One Alertmanager matcher, as API v2 sends and takes it (prometheus/alertmanager
 * `api/v2/openapi.yaml`, definition `matcher`: `name`, `value`, `isRegex`, and `isEqual`, whose
 * default is true). `isEqual: false` is `!=` or `!~`.
 */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export type MatcherOperator = "=" | "!=" | "=~" | "!~";

/** A matcher as written in the config: its value may hold `{placeholders}`. */
export interface MatcherTemplate {
  name: string;
  operator: MatcherOperator;
  value: string;
}

/**
 * A label name as Alertmanager 0.25 accepts it in a matcher (Prometheus' classic label names;
 * later versions also take UTF-8 names, which this product does not send).
 */
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const MATCHER_PATTERN = /^\s*([^\s=!~"]+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * `cluster="{name}"`, `env=~"prod-.*"`, `team!="{labels.team}"`: a label name, an operator and a
 * double-quoted value (`\"` and `\\` escaped), as Alertmanager's own matcher syntax writes them.
 * Returns the template, or the problem in words for a config message.
 */
export function parseMatcherTemplate(text: string): MatcherTemplate | { problem: string } {
  const match = MATCHER_PATTERN.exec(text);
  if (!match) {
    return {
      problem:
        'must be a matcher like cluster="{name}": a label name, one of = != =~ !~, and a double-quoted value',
    };
  }
  const [, name = "", operator = "=", quoted = ""] = match;
  if (!LABEL_NAME_PATTERN.test(name)) {
    return { problem: `label name "${name}" must match [A-Za-z_][A-Za-z0-9_]*` };
  }
  return { name, operator: operator as MatcherOperator, value: quoted.replace(/\\(.)/g, "$1") };
}

/** `{name}` (the cluster's name, else its id), `{clusterId}`, `{region}`, `{provider}`, `{projectId}`, `{labels.<key>}`. */
export const PLACEHOLDERS = ["name", "clusterId", "region", "provider", "projectId"] as const;

/** A placeholder starts with a letter, so regex quantifiers (`{2}`, `{2,3}`) stay as written. */
const PLACEHOLDER_PATTERN = /\{([A-Za-z][A-Za-z0-9_./-]*)\}/g;

/** What a placeholder stands for in one cluster, or the problem with it. */
function placeholderValue(
  key: string,
  cluster: ClusterRef,
): { value: string } | { problem: string } {
  if (key.startsWith("labels.")) {
    const label = key.slice("labels.".length);
    const value = Object.hasOwn(cluster.labels, label) ? cluster.labels[label] : undefined;
    return value === undefined
      ? { problem: `uses {${key}}, but the cluster has no label "${label}"` }
      : { value };
  }
  switch (key) {
    case "name":
      return { value: cluster.name ?? cluster.clusterId };
    case "clusterId":
      return { value: cluster.clusterId };
    case "region":
      return { value: cluster.region };
    case "provider":
      return { value: cluster.provider };
    case "projectId":
      return cluster.projectId === undefined
        ? { problem: "uses {projectId}, but the cluster has none (ack clusters have no project)" }
        : { value: cluster.projectId };
    default:
      return {
        problem: `uses an unknown placeholder {${key}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}, {labels.<key>})`,
      };
  }
}

/** RE2 metacharacters, escaped so a cluster's name inside a regex matcher matches only itself. */
const escapeRegex = (text: string): string => text.replace(/[.*+?^$|()[\]{}\\]/g, "\\$&");

/**
 * The matcher for one cluster: every placeholder replaced by the cluster's value (escaped in a
 * regex matcher, so `prod.a` matches only `prod.a`). Pure; the same cluster always gives the
 * same matcher, which is how a later run finds the silence an earlier one made.
 */
export function renderMatcher(
  template: MatcherTemplate,
  cluster: ClusterRef,
): { matcher: Matcher } | { problem: string } {
  const isRegex = template.operator === "=~" || template.operator === "!~";
  let problem: string | undefined;
  const value = template.value.replace(PLACEHOLDER_PATTERN, (whole, key: string) => {
    const v = placeholderValue(key, cluster);
    if ("problem" in v) {
      problem ??= v.problem;
      return whole;
    }
    return isRegex ? escapeRegex(v.value) : v.value;
  });
  if (problem !== undefined) return { problem };
  return {
    matcher: {
      name: template.name,
      value,
      isRegex,
      isEqual: template.operator === "=" || template.operator === "=~",
    },
  };
}

/**
 * Every matcher of a target for one cluster, or the problems (by index). A silence must select
 * something specific: at least one `=` matcher with a non-empty value (Alertmanager itself only
 * refuses a silence whose every matcher matches the empty string; this is stricter, so a
 * template that renders to `cluster=""` cannot silence every alert of the organisation).
 */
export function renderMatchers(
  templates: readonly MatcherTemplate[],
  cluster: ClusterRef,
): { matchers: Matcher[] } | { problems: { index: number | null; problem: string }[] } {
  const matchers: Matcher[] = [];
  const problems: { index: number | null; problem: string }[] = [];
  templates.forEach((t, index) => {
    const r = renderMatcher(t, cluster);
    if ("problem" in r) problems.push({ index, problem: r.problem });
    else matchers.push(r.matcher);
  });
  if (problems.length > 0) return { problems };
  if (!matchers.some((m) => m.isEqual && !m.isRegex && m.value !== "")) {
    return {
      problems: [
        {
          index: null,
          problem:
            'must hold at least one = matcher whose value is not empty for this cluster (e.g. cluster="{name}")',
        },
      ],
    };
  }
  return { matchers };
}

/** `name="value"`, `name=~"value"`: Alertmanager's matcher syntax, for `filter=` and messages. */
export function formatMatcher(m: Matcher): string {
  const operator = m.isRegex ? (m.isEqual ? "=~" : "!~") : m.isEqual ? "=" : "!=";
  return `${m.name}${operator}"${m.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Whether two matcher lists are the same, in order (Alertmanager compares them so to update in place). */
export const sameMatchers = (a: readonly Matcher[], b: readonly Matcher[]): boolean =>
  a.length === b.length &&
  a.every(
    (m, i) =>
      m.name === b[i]?.name &&
      m.value === b[i]?.value &&
      m.isRegex === b[i]?.isRegex &&
      m.isEqual === b[i]?.isEqual,
  );
