import * as z from "zod";
import type { ClusterRef } from "../model/cluster.ts";
import { CREATED_BY, readMarker } from "./marker.ts";
import { formatMatcher, type Matcher } from "./matchers.ts";
import type { FoundSilence } from "./planSilences.ts";
import type { AlertmanagerTarget } from "./quietConfig.ts";
import { parseAnswer, type ShellDeps, targetCaller } from "./targetRequest.ts";
import type { TargetShell } from "./targetShell.ts";

/**
 * Alertmanager API v2, definition `gettableSilence` (prometheus/alertmanager
 * `api/v2/openapi.yaml`): `id`, `status.state` (`expired`, `active`, `pending`), `updatedAt`, and
 * the `silence` fields `matchers`, `startsAt`, `endsAt`, `createdBy`, `comment`. Other fields are
 * ignored; a state no version documents is judged from the times instead.
 */
const GettableSilenceSchema = z.object({
  id: z.string().min(1),
  status: z.object({ state: z.string() }),
  matchers: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      isRegex: z.boolean(),
      /** Added in Alertmanager 0.22; absent means true. */
      isEqual: z.boolean().optional(),
    }),
  ),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  createdBy: z.string(),
  comment: z.string(),
});
const GettableSilencesSchema = z.array(GettableSilenceSchema);
const PostSilencesOkSchema = z.object({ silenceID: z.string().min(1) });

/** A silence of ours as Alertmanager holds it: extending it sends all of it back. */
export interface AlertmanagerSilence extends FoundSilence {
  matchers: Matcher[];
  createdBy: string;
}

/**
 * One Alertmanager (or Grafana's Alertmanager-compatible API, whose paths add a prefix the
 * target's `url` carries, and which answers 201 or 202 where Alertmanager answers 200) for one
 * cluster, whose matchers are already rendered.
 * - list: `GET /api/v2/silences?filter=<matcher>...`: Alertmanager keeps a silence when, for
 *   every filter matcher, the silence has a matcher of the same name, type and value; of those,
 *   ours are the ones `createdBy` upgrade-shepherd whose comment holds this cluster's marker.
 * - create: `POST /api/v2/silences` without `id`.
 * - extend: `POST /api/v2/silences` with `id` and the silence's own matchers and `startsAt`, a
 *   later `endsAt` and the comment's marker naming this run: Alertmanager updates an active
 *   silence in place when its matchers and start are unchanged (its `canUpdate` compares nothing
 *   else); otherwise it expires it and answers a new id.
 * - expire: `DELETE /api/v2/silence/{silenceID}`; 404 means it is already gone.
 */
export function alertmanagerShell(
  target: AlertmanagerTarget,
  cluster: { ref: ClusterRef; key: string; matchers: Matcher[] },
  deps: ShellDeps,
): TargetShell<AlertmanagerSilence> {
  const call = targetCaller(target, deps, (_method, hasBody) => ({
    accept: "application/json",
    ...(hasBody ? { "content-type": "application/json" } : {}),
  }));
  const posted = (operation: string, body: string) =>
    parseAnswer({ target: target.name, operation }, body, (v) => PostSilencesOkSchema.safeParse(v))
      .silenceID;
  return {
    scope: { matchers: cluster.matchers.map(formatMatcher) },
    async list() {
      const query = cluster.matchers
        .map((m) => `filter=${encodeURIComponent(formatMatcher(m))}`)
        .join("&");
      const { body } = await call("GetSilences", "GET", `/api/v2/silences?${query}`, [200]);
      const all = parseAnswer({ target: target.name, operation: "GetSilences" }, body, (v) =>
        GettableSilencesSchema.safeParse(v),
      );
      const nowMs = deps.now().getTime();
      return all.flatMap((s) => {
        const marker = readMarker(s.comment);
        if (s.createdBy !== CREATED_BY || marker === null || marker.clusterKey !== cluster.key) {
          return [];
        }
        return [
          {
            id: s.id,
            marker,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            state: stateOf(s.status.state, s.startsAt, s.endsAt, nowMs),
            matchers: s.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true })),
            createdBy: s.createdBy,
            text: s.comment,
          },
        ];
      });
    },
    async create(silence) {
      const { body } = await call("PostSilences", "POST", "/api/v2/silences", [200, 201, 202], {
        matchers: cluster.matchers,
        startsAt: silence.startsAt,
        endsAt: silence.endsAt,
        createdBy: CREATED_BY,
        comment: silence.text,
      });
      return { id: posted("PostSilences", body) };
    },
    async extend(silence, endsAt, text) {
      const { body } = await call("PostSilences", "POST", "/api/v2/silences", [200, 201, 202], {
        id: silence.id,
        matchers: silence.matchers,
        startsAt: silence.startsAt,
        endsAt,
        createdBy: silence.createdBy,
        comment: text,
      });
      return { id: posted("PostSilences", body) };
    },
    async expire(silence) {
      const path = `/api/v2/silence/${encodeURIComponent(silence.id)}`;
      await call("DeleteSilence", "DELETE", path, [200, 202, 204, 404]);
    },
  };
}

/** The documented states as given; anything else from the times (a silence ends at `endsAt`). */
function stateOf(
  state: string,
  startsAt: string,
  endsAt: string,
  nowMs: number,
): FoundSilence["state"] {
  if (state === "active" || state === "pending" || state === "expired") return state;
  if (Date.parse(endsAt) <= nowMs) return "expired";
  return Date.parse(startsAt) > nowMs ? "pending" : "active";
}
