import * as z from "zod";
import { readMarker } from "./marker.ts";
import type { FoundSilence } from "./planSilences.ts";
import type { PagerDutyTarget } from "./quietConfig.ts";
import { parseAnswer, type ShellDeps, targetCaller } from "./targetRequest.ts";
import type { TargetShell } from "./targetShell.ts";

/**
 * PagerDuty REST API v2, schema `MaintenanceWindow` (PagerDuty/api-schema
 * `reference/REST/openapiv3.json`): `id`, `start_time`, `end_time`, `description`, `services`
 * (`service_reference`s). Other fields (`created_by`, `teams`, `sequence_number`) are ignored.
 */
const MaintenanceWindowSchema = z.object({
  id: z.string().min(1),
  start_time: z.iso.datetime({ offset: true }),
  end_time: z.iso.datetime({ offset: true }),
  description: z.string().nullable().optional(),
  services: z.array(z.object({ id: z.string() })).default([]),
});
const ListSchema = z.object({
  maintenance_windows: z.array(MaintenanceWindowSchema),
  more: z.boolean().optional(),
});
const OneSchema = z.object({ maintenance_window: MaintenanceWindowSchema });

/** PagerDuty's versioned media type (`header_Accept` in the spec). */
export const PAGERDUTY_ACCEPT = "application/vnd.pagerduty+json;version=2";
/** Results per page: PagerDuty's classic pagination (`limit`, `offset`, `more`). */
const PAGE = 100;
/** Pages read at most per list: a bounded request count per cluster and run. */
const MAX_PAGES = 3;

/** A maintenance window of ours: extending it sends its start back. */
export type PagerDutyWindow = FoundSilence;

/**
 * PagerDuty maintenance windows on the target's services, for one cluster.
 * - list: `GET /maintenance_windows?service_ids[]=...&filter=ongoing` (and `filter=past` with
 *   `includeEnded`), paged; ours are the ones whose description holds this cluster's marker (a
 *   window's `created_by` is the user of the `From` header, which names no tool).
 * - create: `POST /maintenance_windows` with the `From` header, `start_time` now.
 * - extend: `PUT /maintenance_windows/{id}` with the same start and services, the new end, and
 *   the description's marker naming this run.
 * - expire: `DELETE /maintenance_windows/{id}`, which ends an ongoing window now; 405 (it has
 *   already ended) and 404 mean there is nothing left to end.
 * Every request carries `Authorization: Token token=<key>` and the versioned `Accept`.
 */
export function pagerDutyShell(
  target: PagerDutyTarget,
  cluster: { key: string },
  deps: ShellDeps,
): TargetShell<PagerDutyWindow> {
  const services = target.services.map((id) => ({ id, type: "service_reference" as const }));
  const call = targetCaller(target, deps, (method) => ({
    accept: PAGERDUTY_ACCEPT,
    "content-type": "application/json",
    ...(method === "POST" ? { from: target.from } : {}),
  }));
  const page = async (filter: "ongoing" | "past") => {
    const out: z.infer<typeof MaintenanceWindowSchema>[] = [];
    for (let p = 0; p < MAX_PAGES; p++) {
      const query = [
        ...target.services.map((id) => `service_ids%5B%5D=${encodeURIComponent(id)}`),
        `filter=${filter}`,
        `limit=${PAGE}`,
        `offset=${p * PAGE}`,
      ].join("&");
      const operation = "ListMaintenanceWindows";
      const { body } = await call(operation, "GET", `/maintenance_windows?${query}`, [200]);
      const answer = parseAnswer({ target: target.name, operation }, body, (v) =>
        ListSchema.safeParse(v),
      );
      out.push(...answer.maintenance_windows);
      if (!answer.more) break;
    }
    return out;
  };
  const window = (operation: string, body: string) =>
    parseAnswer({ target: target.name, operation }, body, (v) => OneSchema.safeParse(v))
      .maintenance_window;
  return {
    scope: { services: [...target.services] },
    async list({ includeEnded }) {
      const windows = [...(await page("ongoing")), ...(includeEnded ? await page("past") : [])];
      const nowMs = deps.now().getTime();
      const seen = new Set<string>();
      return windows.flatMap((w) => {
        const marker = readMarker(w.description);
        const ours = marker !== null && marker.clusterKey === cluster.key;
        if (!ours || seen.has(w.id)) return [];
        seen.add(w.id);
        const start = Date.parse(w.start_time);
        const end = Date.parse(w.end_time);
        const state = end <= nowMs ? "expired" : start > nowMs ? "pending" : "active";
        return [
          {
            id: w.id,
            marker,
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(end).toISOString(),
            state,
            text: w.description ?? "",
          },
        ];
      });
    },
    async create(silence) {
      const operation = "CreateMaintenanceWindow";
      const { body } = await call(operation, "POST", "/maintenance_windows", [200, 201], {
        maintenance_window: {
          type: "maintenance_window",
          start_time: silence.startsAt,
          end_time: silence.endsAt,
          description: silence.text,
          services,
        },
      });
      return { id: window(operation, body).id };
    },
    async extend(silence, endsAt, text) {
      const operation = "UpdateMaintenanceWindow";
      const path = `/maintenance_windows/${encodeURIComponent(silence.id)}`;
      const { body } = await call(operation, "PUT", path, [200], {
        maintenance_window: {
          type: "maintenance_window",
          start_time: silence.startsAt,
          end_time: endsAt,
          description: text,
          services,
        },
      });
      return { id: window(operation, body).id };
    },
    async expire(silence) {
      const path = `/maintenance_windows/${encodeURIComponent(silence.id)}`;
      await call("DeleteMaintenanceWindow", "DELETE", path, [204, 200, 404, 405]);
    },
  };
}
