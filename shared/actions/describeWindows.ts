import type { MaintenanceWindow } from "../config/maintenanceWindow.ts";

/** Windows in the words a config author used, for skip messages: `sat 22:00-02:00 Asia/Shanghai`. */
export const describeWindows = (windows: readonly MaintenanceWindow[]): string =>
  windows.length === 0
    ? "no maintenance window is configured"
    : windows.map((w) => `${w.days.join(",")} ${w.start}-${w.end} ${w.timeZone}`).join("; ");
