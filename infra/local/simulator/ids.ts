import { createHash } from "node:crypto";

const hex = (input: string): string => createHash("sha256").update(input).digest("hex");

/** A UUID-shaped id derived from `input`, so the same scenario always serves the same ids. */
export function stableUuid(input: string): string {
  const h = hex(input);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Lower-case hex of the given length, derived from `input`. */
export const stableHex = (input: string, length: number): string => hex(input).slice(0, length);

/** An ACK task id in the documented `T-` + 24 hex form (`T-5faa48fb31b6b8078d000006`). */
export const ackTaskId = (input: string): string => `T-${stableHex(input, 24)}`;
