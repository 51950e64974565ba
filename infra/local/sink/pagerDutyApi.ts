import type { ApiRequest } from "./alertmanagerApi.ts";
import { json } from "./alertmanagerApi.ts";
import type { SinkReply } from "./behaviour.ts";

/**
 * PagerDuty's REST API v2 maintenance windows, as PagerDuty/api-schema
 * `reference/REST/openapiv3.json` specifies them:
 * - every request needs `Authorization: Token token=<key>` (`401` otherwise);
 * - `GET /maintenance_windows?service_ids[]=&filter=past|future|ongoing|open|all&limit&offset`:
 *   classic pagination (`limit` 25 by default, `more`), windows on any of the services;
 * - `POST /maintenance_windows` needs the `From` header (an email), `start_time`, `end_time`,
 *   `services` of known ids; a start in the past becomes now ("If this date is in the past, it
 *   will be updated to be the current time"), an end must be in the future and after the start;
 *   `201` with the window (`id`, `sequence_number`, `created_by`, `services` with summaries);
 * - `GET` / `PUT /maintenance_windows/{id}` (`404` for an unknown id);
 * - `DELETE /maintenance_windows/{id}`: deletes a future window, ends an ongoing one now (`204`),
 *   and refuses one that has ended (`405`).
 * Errors are `{"error": {"message", "errors"}}`. Times are judged on the sink's clock.
 */
export interface PagerDutyApiOptions {
  token: string;
  /** The service ids the account has (each gets a summary); others are refused. Default: any. */
  services?: string[];
  /** The account's users by email: `From` must name one. */
  users?: string[];
}

export interface StoredWindow {
  id: string;
  sequence: number;
  startsAt: number;
  endsAt: number;
  description: string;
  services: string[];
  createdBy: string;
  deleted: boolean;
}

export interface PagerDutyApi {
  windows: StoredWindow[];
  failNext(count: number, reply: SinkReply): void;
  handle(request: ApiRequest): SinkReply;
  clear(): void;
}

export function createPagerDutyApi(now: () => Date, options: PagerDutyApiOptions): PagerDutyApi {
  const windows: StoredWindow[] = [];
  const faults: SinkReply[] = [];
  const users = options.users ?? ["ops@example.com"];
  const error = (status: number, message: string, errors: string[] = []) =>
    json(status, { error: { message, errors } });
  const stateOf = (w: StoredWindow, nowMs: number) =>
    w.endsAt <= nowMs ? "past" : w.startsAt > nowMs ? "future" : "ongoing";
  const shown = (w: StoredWindow) => ({
    id: w.id,
    type: "maintenance_window",
    summary: w.description,
    self: `https://api.pagerduty.com/maintenance_windows/${w.id}`,
    html_url: `https://subdomain.pagerduty.com/service-directory/maintenance-windows/${w.id}`,
    sequence_number: w.sequence,
    start_time: new Date(w.startsAt).toISOString(),
    end_time: new Date(w.endsAt).toISOString(),
    description: w.description,
    services: w.services.map((id) => ({
      id,
      type: "service_reference",
      summary: `Service ${id}`,
      self: `https://api.pagerduty.com/services/${id}`,
      html_url: `https://subdomain.pagerduty.com/service-directory/${id}`,
    })),
    teams: [],
    created_by: { id: w.createdBy, type: "user_reference", summary: "Sink User" },
  });

  /** The window body of a POST or PUT, checked as PagerDuty documents it. */
  const readBody = (
    body: unknown,
    nowMs: number,
    existing?: StoredWindow,
  ):
    | { problem: string }
    | { window: Pick<StoredWindow, "startsAt" | "endsAt" | "description" | "services"> } => {
    const mw = (body as { maintenance_window?: Record<string, unknown> } | null)
      ?.maintenance_window;
    if (!mw) return { problem: "maintenance_window is required" };
    const services = Array.isArray(mw.services)
      ? (mw.services as { id?: unknown; type?: unknown }[]).map((s) => String(s.id))
      : existing?.services;
    if (!services || services.length === 0) return { problem: "services must not be empty" };
    const known = options.services;
    const unknown = known ? services.filter((id) => !known.includes(id)) : [];
    if (unknown.length > 0) return { problem: `Service not found: ${unknown.join(", ")}` };
    const given =
      mw.start_time === undefined ? existing?.startsAt : Date.parse(String(mw.start_time));
    const end = mw.end_time === undefined ? existing?.endsAt : Date.parse(String(mw.end_time));
    if (given === undefined || end === undefined || Number.isNaN(given) || Number.isNaN(end)) {
      return { problem: "start_time and end_time are required ISO 8601 times" };
    }
    // A new window's start in the past becomes now; an update keeps the start it is given.
    const startsAt = existing ? given : Math.max(given, nowMs);
    if (end <= nowMs) return { problem: "End time must be in the future" };
    if (end <= startsAt) return { problem: "End time must be after start time" };
    const description =
      mw.description === undefined ? (existing?.description ?? "") : String(mw.description);
    return { window: { startsAt, endsAt: end, description, services } };
  };

  const handle = (req: ApiRequest): SinkReply => {
    const fault = faults.shift();
    if (fault) return fault;
    if (req.headers.authorization !== `Token token=${options.token}`) {
      return error(401, "Unauthorized");
    }
    const nowMs = now().getTime();
    if (req.path === "/maintenance_windows" && req.method === "GET") {
      const wanted = req.query.getAll("service_ids[]");
      const filter = req.query.get("filter") ?? "all";
      const limit = Math.min(Number(req.query.get("limit") ?? 25) || 25, 100);
      const offset = Number(req.query.get("offset") ?? 0) || 0;
      const matching = windows.filter(
        (w) =>
          !w.deleted &&
          (wanted.length === 0 || w.services.some((s) => wanted.includes(s))) &&
          (filter === "all" ||
            filter === stateOf(w, nowMs) ||
            (filter === "open" && stateOf(w, nowMs) !== "past")),
      );
      const page = matching.slice(offset, offset + limit);
      return json(200, {
        maintenance_windows: page.map(shown),
        limit,
        offset,
        more: offset + limit < matching.length,
        total: null,
      });
    }
    if (req.path === "/maintenance_windows" && req.method === "POST") {
      const from = req.headers.from;
      if (!from || !users.includes(from)) {
        return error(400, "Invalid Input Provided", ["A valid From header is required"]);
      }
      const read = readBody(req.json, nowMs);
      if ("problem" in read) return error(400, "Invalid Input Provided", [read.problem]);
      const w: StoredWindow = {
        id: `PW${String(windows.length + 1).padStart(5, "0")}`,
        sequence: windows.length + 1,
        ...read.window,
        createdBy: "PXPGF42",
        deleted: false,
      };
      windows.push(w);
      return json(201, { maintenance_window: shown(w) });
    }
    const one = /^\/maintenance_windows\/([^/]+)$/.exec(req.path);
    const w = one
      ? windows.find((x) => x.id === decodeURIComponent(one[1] ?? "") && !x.deleted)
      : undefined;
    if (one && !w) return error(404, "Not Found");
    if (w && req.method === "GET") return json(200, { maintenance_window: shown(w) });
    if (w && req.method === "PUT") {
      const read = readBody(req.json, nowMs, w);
      if ("problem" in read) return error(400, "Invalid Input Provided", [read.problem]);
      Object.assign(w, read.window);
      return json(200, { maintenance_window: shown(w) });
    }
    if (w && req.method === "DELETE") {
      const state = stateOf(w, nowMs);
      if (state === "past")
        return error(405, "The maintenance window can't be deleted because it has already ended.");
      if (state === "future") w.deleted = true;
      else w.endsAt = nowMs;
      return { status: 204 };
    }
    return error(404, "Not Found");
  };

  return {
    windows,
    failNext: (count, reply) => {
      for (let i = 0; i < count; i++) faults.push(reply);
    },
    handle,
    clear: () => {
      windows.length = 0;
      faults.length = 0;
    },
  };
}
