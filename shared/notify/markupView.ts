import type { AlertView, Fact, StepLine, TextBlock } from "./alertView.ts";
import type { Escape } from "./markup.ts";

type FieldMarkup<T> = (value: T, esc: Escape) => T;

const keep = <T>(value: T): T => value;
const text: FieldMarkup<string> = (value, esc) => esc(value);

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
  facts: (facts, esc) => facts.map((f: Fact) => ({ label: esc(f.label), value: esc(f.value) })),
  progress: keep,
  steps: (steps, esc) =>
    steps.map((s: StepLine) => ({
      name: esc(s.name),
      status: esc(s.status),
      icon: s.icon,
      when: esc(s.when),
    })),
  texts: (texts, esc) => texts.map((t: TextBlock) => ({ label: esc(t.label), text: esc(t.text) })),
  list: (list, esc) =>
    list ? { label: esc(list.label), items: list.items.map((i) => esc(i)) } : null,
  consoleUrl: keep,
  footer: text,
};

/**
 * The view with every text field escaped for one channel's markup: the single place where text
 * that came from outside becomes safe to lay out. Renderers then add only their own markup.
 */
export function markupView(view: AlertView, esc: Escape): AlertView {
  const out = { ...view } as Record<keyof AlertView, unknown>;
  for (const key of Object.keys(FIELDS) as (keyof AlertView)[]) {
    out[key] = (FIELDS[key] as FieldMarkup<unknown>)(view[key], esc);
  }
  return out as unknown as AlertView;
}
