import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

// Issue 14, point 8: `npx upgrade-shepherd simulate` runs as npm -> sh -> node. Stopping npm by
// its PID (what a script that started it knows) used to leave node serving on its port with init
// as its parent. The test starts it exactly that way, stops only npx's PID, and checks that
// nothing listens any more and that the simulator closed itself rather than being killed.
const root = new URL("../..", import.meta.url).pathname;

const firstLine = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("no stdout"));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) =>
      reject(new Error(`npx exited with ${code} before its first line`)),
    );
  });

describe("upgrade-shepherd simulate under npx", () => {
  it("stops the simulator, and its listener, when npx's own PID is stopped", async () => {
    const child = spawn("npx", ["--offline", "upgrade-shepherd", "simulate", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    // 'close' comes once every process holding the output pipes (npm, sh, node) has exited.
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const { url } = JSON.parse(await firstLine(child)) as { url: string };
    expect((await fetch(`${url}/clusters/unknown`)).status).toBeGreaterThanOrEqual(400);

    child.kill("SIGTERM");
    await closed;

    expect(stderr).toContain("simulator: stopped");
    await expect(fetch(url)).rejects.toThrow();
  }, 90_000);
});
