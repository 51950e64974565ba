import type { EventOf } from "../../events/shepherdEvent.ts";
import type { NotifiableType } from "../notifiableType.ts";

/** The colour family of an alert; each channel maps it onto its own palette. */
export type Tone = "bad" | "warn" | "good" | "neutral" | "muted";

export interface Fact {
  label: string;
  value: string;
}

export interface TextBlock {
  label: string;
  text: string;
}

/**
 * What one event type adds to the parts every alert shares (the cluster, its place and versions,
 * the phase, times, steps, the provider's message, the footer): `alertView` merges the two.
 */
export interface Presentation {
  emoji: string;
  /** `Upgrade failed`. */
  title: string;
  tone: Tone;
  /** What the alert is about, when it is not the one cluster the event names: `7 clusters`. */
  subject?: string;
  /** Where and what, when not the cluster's place and the upgrade's versions. */
  context?: string;
  /**
   * False when the event is about more clusters than its `cluster` (a Poll Failed for a whole
   * credential set): that cluster's id, project and labels are then left out.
   */
  oneCluster?: boolean;
  /** The type's own facts, shown after the phase; a null is left out. */
  facts: (Fact | null)[];
  /** The type's own texts, shown before the provider's message; an empty one is left out. */
  texts: { label: string; text: string | null | undefined }[];
  /** A list too long for facts (Poll Failed's affected clusters), already formatted. */
  list?: { label: string; items: string[] };
}

/**
 * How each notified type reads: one function per type. A type added to the catalogue's notified
 * rows is a compile error wherever a `PresentTable` is built, until it says how it reads.
 */
export type PresentTable = { [D in NotifiableType]: (event: EventOf<D>) => Presentation };
