import { styleText } from "node:util";

/** `[#####·····]  50%`: a progress bar a terminal shows in a fixed width. */
export function progressBar(progress: number | null, width = 10): string {
  if (progress === null) return `${" ".repeat(width + 2)}    `;
  const filled = Math.round((progress / 100) * width);
  return `[${"#".repeat(filled)}${"·".repeat(width - filled)}] ${String(Math.round(progress)).padStart(3)}%`;
}

export interface SnapshotLine {
  name: string;
  provider: string;
  phase: string | null;
  progress: number | null;
}

type Color = Parameters<typeof styleText>[0];

/** Formats the demo's timeline: colour on a terminal, plain text anywhere else. */
export class Timeline {
  constructor(
    private readonly write: (line: string) => void,
    private readonly colour: boolean,
  ) {}

  private paint(color: Color, text: string): string {
    return this.colour ? styleText(color, text) : text;
  }

  private line(clock: string, kind: string, color: Color, text: string): void {
    this.write(`${this.paint("gray", clock)} ${this.paint(color, kind.padEnd(7))} ${text}`);
  }

  poll(clock: string, t: string, read: number, errors: number, snapshots: readonly SnapshotLine[]) {
    const status = errors > 0 ? this.paint("yellow", `${errors} unread`) : "all read";
    this.line(clock, "poll", "cyan", `T=${t.slice(11, 16)}Z  ${read} clusters read, ${status}`);
    for (const s of snapshots) {
      const phase = (s.phase ?? "no upgrade").padEnd(11);
      this.write(
        `${" ".repeat(14)}${s.name.padEnd(22)} ${s.provider.padEnd(14)} ${this.paint(phaseColor(s.phase), phase)} ${s.phase ? progressBar(s.progress) : ""}`.trimEnd(),
      );
    }
  }

  event(clock: string, detailType: string, severity: string, subject: string, note = "") {
    if (
      detailType.startsWith("Action") ||
      detailType.startsWith("Postcheck ") ||
      detailType === "Auto Actions Suspended"
    ) {
      this.line(
        clock,
        "action",
        severityColor(severity),
        `${detailType.padEnd(22)} ${subject}${note ? `  ${note}` : ""}`,
      );
      return;
    }
    this.line(
      clock,
      "event",
      severityColor(severity),
      `${detailType.padEnd(22)} ${subject}${note ? `  ${note}` : ""}`,
    );
  }

  /** A call to a silence target (quietDuringUpgrade): created, extended, lifted. */
  silence(clock: string, target: string, what: string) {
    this.line(clock, "silence", "blue", `${target.padEnd(16)} ${what}`);
  }

  /** Where a rollout stands, as the run's judge sees it (shown when it changes). */
  rollout(clock: string, text: string) {
    this.line(clock, "rollout", "yellow", text);
  }

  webhook(clock: string, receiver: string, what: string, status: string) {
    this.line(clock, "webhook", "magenta", `${receiver.padEnd(16)} ${what}  ${status}`);
  }

  note(clock: string, text: string) {
    this.line(clock, "", "gray", text);
  }
}

const severityColor = (severity: string): Color =>
  severity === "critical"
    ? "red"
    : severity === "warning"
      ? "yellow"
      : severity === "info"
        ? "green"
        : "gray";

const phaseColor = (phase: string | null): Color =>
  phase === "failed"
    ? "red"
    : phase === "paused"
      ? "yellow"
      : phase === "succeeded"
        ? "green"
        : phase === "cancelled"
          ? "yellow"
          : "white";
