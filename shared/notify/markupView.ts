import type { AlertView, Fact, StepLine, TextBlock } from "./alertView.ts";
import type { Escape } from "./markup.ts";

type FieldMarkup<T> = (value: T, escape: Escape) => T;

const keep = <T>(value: T): T => value;
const text: FieldMarkup<string> = (value, escape) => escape(value);

/**
 * What happens to each field of the view, in one table: a field added to `AlertView` is a compile
 * error here until someone decides whether it is text (escaped) or data (kept). Data fields are
 * never printed as they are: `cluster` is the event's own reference (renderers that print a part
 * of it escape that part), `consoleUrl` goes through `linkUrl` before it becomes a link.
 */
const FIELDS: { [K in keyof AlertView]-?: FieldMarkup<AlertView[K]> } = {
  eventId: keep,
  detailType: keep,
  severity: keep,
  tone: keep,
  emoji: keep,
  title: text,
  subject: text,
  headline: text,
  context: text,
  summary: text,
  cluster: keep,
  facts: (facts, escape) =>
    facts.map((f: Fact) => ({ label: escape(f.label), value: escape(f.value) })),
  progress: keep,
  steps: (steps, escape) =>
    steps.map((s: StepLine) => ({
      name: escape(s.name),
      status: escape(s.status),
      icon: s.icon,
      when: escape(s.when),
    })),
  texts: (texts, escape) =>
    texts.map((t: TextBlock) => ({ label: escape(t.label), text: escape(t.text) })),
  list: (list, escape) =>
    list ? { label: escape(list.label), items: list.items.map((i) => escape(i)) } : null,
  consoleUrl: keep,
  footer: text,
};

/**
 * The view with every text field escaped for one channel's markup: the single place where text
 * that came from outside becomes safe to lay out. Renderers then add only their own markup.
 */
export function markupView(view: AlertView, escape: Escape): AlertView {
  const out = { ...view } as Record<keyof AlertView, unknown>;
  for (const key of Object.keys(FIELDS) as (keyof AlertView)[]) {
    out[key] = (FIELDS[key] as FieldMarkup<unknown>)(view[key], escape);
  }
  return out as unknown as AlertView;
}
