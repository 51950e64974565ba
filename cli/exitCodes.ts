/**
 * What every command's exit code means (the README's "Exit codes" lists them):
 * - 0 `ok`: done; for `poll`, every cluster was read.
 * - 1 `unread`: `poll` ran, and some clusters could not be read (the table and `errors` say why);
 *   `simulate` and `sink` use it when they stop on an error of their own.
 * - 2 `usage`: bad options, or a config, scenario or input that does not load (nothing was read).
 * - 3 `publishFailed`: `poll --publish` read the clusters, but the events did not all reach the bus.
 * - 4 `internal`: a bug of ours; the message says where.
 */
export const EXIT = {
  ok: 0,
  unread: 1,
  usage: 2,
  publishFailed: 3,
  internal: 4,
} as const;
