import type { Marker } from "./marker.ts";
import type { FoundSilence } from "./planSilences.ts";

/** What a new silence says about itself: its marker, its text, and when it holds. */
export interface NewSilence {
  marker: Marker;
  /** The comment (Alertmanager) or description (PagerDuty): a sentence, then the marker. */
  text: string;
  startsAt: string;
  endsAt: string;
}

/**
 * The thin I/O shell of one target for one cluster: every call is one bounded HTTP request (or a
 * few pages of one list), throws a `SilenceTargetError`, and never retries. `planSilences`
 * decides; the shell only lists and carries out.
 */
export interface TargetShell<S extends FoundSilence = FoundSilence> {
  /** What the silences cover, for events: Alertmanager matchers or PagerDuty service ids. */
  scope: { matchers?: string[]; services?: string[] };
  /**
   * Our silences for this cluster: made by upgrade-shepherd, with a marker naming the cluster.
   * `includeEnded` also lists ended ones where that costs an extra request (PagerDuty).
   */
  list(options: { includeEnded: boolean }): Promise<S[]>;
  create(silence: NewSilence): Promise<{ id: string }>;
  /**
   * Moves `endsAt` and puts `text` (the same words, its marker naming this run) in place of the
   * comment or description, keeping the rest; the id may change (Alertmanager may replace it).
   */
  extend(silence: S, endsAt: string, text: string): Promise<{ id: string }>;
  /** Ends it now. One that is already gone or ended counts as done. */
  expire(silence: S): Promise<void>;
}
