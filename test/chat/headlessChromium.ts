import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { FLAGS, findChromium } from "../../scripts/render-examples/chromium.ts";

/**
 * Debian's headless Chromium, driven through the DevTools protocol over its own pipes
 * (`--remote-debugging-pipe`: commands on fd 3, answers on fd 4, each JSON message ended by a NUL),
 * so a test can load a page, press a real button with the mouse and read what came back, with no
 * driver library. Flags as scripts/render-examples uses them (offline, stateless).
 */
export interface Page {
  goto(url: string): Promise<void>;
  /** Moves the mouse to the middle of the first element `selector` matches and clicks. */
  click(selector: string): Promise<void>;
  html(): Promise<string>;
  screenshot(width: number): Promise<Buffer>;
  close(): Promise<void>;
}

const PIPE_FLAGS = [...FLAGS, "--remote-debugging-pipe"];

export async function openPage(): Promise<Page> {
  const profile = await mkdtemp(join(tmpdir(), "chat-chromium-"));
  const child: ChildProcess = spawn(
    findChromium(),
    [...PIPE_FLAGS, `--user-data-dir=${profile}`, "about:blank"],
    {
      stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    },
  );
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: () => void }[] = [];
  let buffer = "";
  output.setEncoding("utf8");
  output.on("data", (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\0"); end !== -1; end = buffer.indexOf("\0")) {
      const message = JSON.parse(buffer.slice(0, end)) as {
        id?: number;
        method?: string;
        result?: unknown;
        error?: { message: string };
      };
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result);
      } else if (message.method) {
        for (const w of waiters.filter((x) => x.method === message.method)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      input.write(
        `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
      );
    });
  const next = (method: string) =>
    new Promise<void>((resolve) => waiters.push({ method, resolve }));

  const { targetId } = await send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const s = <T>(method: string, params: object = {}) => send<T>(method, params, sessionId);
  await s("Page.enable");
  await s("DOM.enable");
  const loaded = async (action: () => Promise<unknown>) => {
    const done = next("Page.loadEventFired");
    await action();
    await done;
  };
  const root = async () =>
    (await s<{ root: { nodeId: number } }>("DOM.getDocument", { depth: -1 })).root.nodeId;
  return {
    goto: (url) => loaded(() => s("Page.navigate", { url })),
    click: async (selector) => {
      const { nodeId } = await s<{ nodeId: number }>("DOM.querySelector", {
        nodeId: await root(),
        selector,
      });
      if (!nodeId) throw new Error(`no element matches ${selector}`);
      const { model } = await s<{ model: { content: number[] } }>("DOM.getBoxModel", { nodeId });
      const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
      const at = { x: (x1 + x3) / 2, y: (y1 + y3) / 2, button: "left", clickCount: 1 };
      await loaded(async () => {
        await s("Input.dispatchMouseEvent", { type: "mouseMoved", ...at });
        await s("Input.dispatchMouseEvent", { type: "mousePressed", ...at });
        await s("Input.dispatchMouseEvent", { type: "mouseReleased", ...at });
      });
    },
    html: async () =>
      (await s<{ outerHTML: string }>("DOM.getOuterHTML", { nodeId: await root() })).outerHTML,
    screenshot: async (width) => {
      await s("Emulation.setDeviceMetricsOverride", {
        width,
        height: 200,
        deviceScaleFactor: 2,
        mobile: false,
      });
      const { contentSize } = await s<{ contentSize: { height: number } }>("Page.getLayoutMetrics");
      const height = Math.ceil(contentSize.height);
      await s("Emulation.setDeviceMetricsOverride", {
        width,
        height,
        deviceScaleFactor: 2,
        mobile: false,
      });
      const { data } = await s<{ data: string }>("Page.captureScreenshot", { format: "png" });
      return Buffer.from(data, "base64");
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}
