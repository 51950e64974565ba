import { describe, expect, it } from "vitest";
import { runDemoCommand } from "../../cli/demo.ts";
import type { CliIo } from "../../cli/io.ts";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {} };
  return { cli, out, err };
}

// `upgrade-shepherd demo --scenario NAME` (npm start -- --scenario rollout): the name is checked
// before anything starts. Nothing here starts the stack.
describe("upgrade-shepherd demo --scenario", () => {
  it("refuses an unknown scenario with exit 2, naming every scenario", async () => {
    const { cli, out, err } = io();
    const code = await runDemoCommand(["--scenario", "rolout"], cli, new AbortController().signal);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join("")).toContain(
      'upgrade-shepherd demo: scenario: no demo scenario "rolout"; the scenarios are: demo, rollout',
    );
  });

  it("lists the scenarios in its help", async () => {
    const { cli, out } = io();
    expect(await runDemoCommand(["--help"], cli, new AbortController().signal)).toBe(0);
    expect(out.join("")).toMatch(/--scenario NAME/);
    expect(out.join("")).toMatch(/^ {2}rollout +a fleet rollout in waves across CCE and ACK/m);
    expect(out.join("")).toMatch(/^ {2}demo +every path of the product: success/m);
  });
});
