import { randomUUID } from "node:crypto";
import type { SinkReply } from "./behaviour.ts";

/**
 * Alertmanager's API v2 silences, as prometheus/alertmanager `api/v2/openapi.yaml` specifies them
 * and its handlers answer (`api/v2/api.go`, `silence/silence.go`, v0.25.0 as Debian bookworm
 * ships it, and main):
 * - `GET /api/v2/silences?filter=<matcher>...`: every silence (expired ones too, until the
 *   retention drops them) for which each filter matcher has a matcher of the same name, type and
 *   value; active first (soonest end), then pending, then expired (latest end first);
 * - `POST /api/v2/silences`: creates one (a new UUID), or with `id` updates it in place when its
 *   matchers are unchanged and (active) `startsAt` is the same second and the new end is not past,
 *   or (pending) the new start is not past; otherwise a new silence replaces it and the old one is
 *   expired. `endsAt` in the past is `400`, `startsAt` not before `endsAt` is `400`, an unknown
 *   `id` is `404`; the answer is `200 {"silenceID"}`;
 * - `GET /api/v2/silence/{id}`; `DELETE /api/v2/silence/{id}` expires it now (`200`; `404` when
 *   there is no such silence, as current versions answer).
 * Basic or bearer auth is checked when configured (`401`), as a proxy or `--web.config.file`
 * would. Times are judged on the sink's clock.
 */
export interface AlertmanagerApiOptions {
  /** `{ basic: { username, password } }` or `{ bearer: token }`; none: no auth. */
  auth?: { basic?: { username: string; password: string }; bearer?: string };
}

interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface StoredSilence {
  id: string;
  matchers: ApiMatcher[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerApi {
  /** Every silence, in creation order (expired ones included). */
  silences: StoredSilence[];
  stateOf(s: StoredSilence, nowMs?: number): "active" | "pending" | "expired";
  /** The next `count` requests answer `reply` instead (a fault: 503, 500, a slow answer...). */
  failNext(count: number, reply: SinkReply): void;
  handle(request: ApiRequest): SinkReply;
  clear(): void;
}

export interface ApiRequest {
  method: string;
  /** The path under the API's prefix, e.g. `/api/v2/silences`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  json: unknown;
}

export function createAlertmanagerApi(
  now: () => Date,
  options: AlertmanagerApiOptions = {},
): AlertmanagerApi {
  const silences: StoredSilence[] = [];
  const faults: SinkReply[] = [];
  const stateOf = (s: StoredSilence, nowMs = now().getTime()) =>
    s.endsAt <= nowMs ? "expired" : s.startsAt > nowMs ? "pending" : "active";
  const gettable = (s: StoredSilence) => ({
    id: s.id,
    status: { state: stateOf(s) },
    updatedAt: iso(s.updatedAt),
    matchers: s.matchers,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  });

  const handle = (req: ApiRequest): SinkReply => {
    const fault = faults.shift();
    if (fault) return fault;
    if (!authorized(req.headers.authorization, options.auth)) {
      return { status: 401, body: "Unauthorized", headers: { "content-type": "text/plain" } };
    }
    const nowMs = now().getTime();
    if (req.path === "/api/v2/silences" && req.method === "GET") {
      const filters: ApiMatcher[] = [];
      for (const text of req.query.getAll("filter")) {
        const m = parseMatcher(text);
        if (!m) return badRequest(`bad matcher format: ${text}`);
        filters.push(m);
      }
      const matching = silences.filter((s) =>
        filters.every((f) => s.matchers.some((m) => same(f, m))),
      );
      return json(200, sortSilences(matching, stateOf).map(gettable));
    }
    if (req.path === "/api/v2/silences" && req.method === "POST") {
      return post(req.json, nowMs);
    }
    const one = /^\/api\/v2\/silence\/([^/]+)$/.exec(req.path);
    if (one) {
      const id = decodeURIComponent(one[1] ?? "");
      const s = silences.find((x) => x.id === id);
      if (req.method === "GET") return s ? { status: 200, body: gettable(s) } : { status: 404 };
      if (req.method === "DELETE") {
        if (!s) return { status: 404 };
        const state = stateOf(s, nowMs);
        if (state === "active") s.endsAt = nowMs;
        if (state === "pending") {
          s.startsAt = nowMs;
          s.endsAt = nowMs;
        }
        if (state !== "expired") s.updatedAt = nowMs;
        return { status: 200 };
      }
    }
    return { status: 404, body: "not found", headers: { "content-type": "text/plain" } };
  };

  const post = (body: unknown, nowMs: number): SinkReply => {
    const b = body as Partial<{
      id: string;
      matchers: Partial<ApiMatcher>[];
      startsAt: string;
      endsAt: string;
      createdBy: string;
      comment: string;
    }> | null;
    if (!b || typeof b !== "object") return badRequest("body must be a silence");
    for (const field of ["matchers", "startsAt", "endsAt", "createdBy", "comment"] as const) {
      if (b[field] === undefined) return badRequest(`${field} in body is required`);
    }
    const matchers = (b.matchers ?? []).map((m) => ({
      name: String(m.name ?? ""),
      value: String(m.value ?? ""),
      isRegex: m.isRegex === true,
      isEqual: m.isEqual ?? true,
    }));
    if (matchers.length === 0) return badRequest("matchers in body should have at least 1 items");
    if (matchers.some((m) => m.name === "")) return badRequest("invalid label matcher: empty name");
    if (matchers.every((m) => matchesEmpty(m))) {
      return badRequest("at least one matcher must not match the empty string");
    }
    let startsAt = Date.parse(b.startsAt ?? "");
    const endsAt = Date.parse(b.endsAt ?? "");
    if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) return badRequest("invalid time");
    if (startsAt >= endsAt) {
      return badRequest("Failed to create silence: start time must be before end time");
    }
    if (endsAt < nowMs)
      return badRequest("Failed to create silence: end time can't be in the past");
    const incoming = {
      matchers,
      startsAt,
      endsAt,
      createdBy: String(b.createdBy),
      comment: String(b.comment),
    };
    if (b.id !== undefined && b.id !== "") {
      const prev = silences.find((s) => s.id === b.id);
      if (!prev)
        return {
          status: 404,
          body: "silence not found",
          headers: { "content-type": "text/plain" },
        };
      if (canUpdate(prev, incoming, nowMs, stateOf)) {
        Object.assign(prev, incoming, { updatedAt: nowMs });
        return { status: 200, body: { silenceID: prev.id } };
      }
      if (stateOf(prev, nowMs) !== "expired") {
        if (stateOf(prev, nowMs) === "pending") prev.startsAt = nowMs;
        prev.endsAt = nowMs;
        prev.updatedAt = nowMs;
      }
    }
    if (startsAt < nowMs) startsAt = nowMs;
    const created: StoredSilence = { id: randomUUID(), ...incoming, startsAt, updatedAt: nowMs };
    silences.push(created);
    return { status: 200, body: { silenceID: created.id } };
  };

  return {
    silences,
    stateOf,
    failNext: (count, reply) => {
      for (let i = 0; i < count; i++) faults.push(reply);
    },
    handle,
    clear: () => {
      silences.length = 0;
      faults.length = 0;
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A JSON answer of any shape (an array too). */
export const json = (status: number, value: unknown): SinkReply => ({
  status,
  body: JSON.stringify(value),
  headers: { "content-type": "application/json" },
});

const badRequest = (message: string): SinkReply => ({
  status: 400,
  body: JSON.stringify(message),
  headers: { "content-type": "application/json" },
});

function authorized(header: string | undefined, auth: AlertmanagerApiOptions["auth"]): boolean {
  if (!auth?.basic && !auth?.bearer) return true;
  if (auth.bearer !== undefined && header === `Bearer ${auth.bearer}`) return true;
  if (auth.basic) {
    const expected = Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString(
      "base64",
    );
    if (header === `Basic ${expected}`) return true;
  }
  return false;
}

/** Prometheus' matcher syntax (`labels.ParseMatcher`): `name op value`, the value optionally quoted. */
function parseMatcher(text: string): ApiMatcher | null {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*(.*?)\s*$/s.exec(text);
  if (!m) return null;
  const [, name = "", op = "=", raw = ""] = m;
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      return null;
    }
  }
  return { name, value, isRegex: op.includes("~"), isEqual: !op.startsWith("!") };
}

const same = (f: ApiMatcher, m: ApiMatcher) =>
  f.name === m.name && f.value === m.value && f.isRegex === m.isRegex && f.isEqual === m.isEqual;

function matchesEmpty(m: ApiMatcher): boolean {
  if (!m.isRegex) return m.isEqual ? m.value === "" : m.value !== "";
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${m.value})$`);
  } catch {
    return false;
  }
  return m.isEqual ? re.test("") : !re.test("");
}

function canUpdate(
  a: StoredSilence,
  b: { matchers: ApiMatcher[]; startsAt: number; endsAt: number },
  nowMs: number,
  stateOf: (s: StoredSilence, nowMs?: number) => string,
): boolean {
  if (
    a.matchers.length !== b.matchers.length ||
    a.matchers.some((m, i) => !same(m, b.matchers[i] as ApiMatcher))
  ) {
    return false;
  }
  switch (stateOf(a, nowMs)) {
    case "active":
      return Math.floor(a.startsAt / 1000) === Math.floor(b.startsAt / 1000) && b.endsAt >= nowMs;
    case "pending":
      return b.startsAt >= nowMs;
    default:
      return false;
  }
}

function sortSilences(
  list: StoredSilence[],
  stateOf: (s: StoredSilence) => string,
): StoredSilence[] {
  const order: Record<string, number> = { active: 1, pending: 2, expired: 3 };
  return [...list].sort((a, b) => {
    const sa = stateOf(a);
    const sb = stateOf(b);
    if (sa !== sb) return (order[sa] ?? 4) - (order[sb] ?? 4);
    if (sa === "active") return a.endsAt - b.endsAt;
    if (sa === "pending") return a.startsAt - b.startsAt;
    return b.endsAt - a.endsAt;
  });
}
