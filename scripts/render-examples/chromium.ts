import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { runtimeEnv } from "../../shared/config/runtime.ts";

const run = promisify(execFile);

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export const INSTALL_HINT =
  "Install it with the fonts the pictures use (Debian/Ubuntu): " +
  "sudo apt-get install chromium fonts-lato fonts-open-sans fonts-noto-color-emoji; " +
  "or set CHROMIUM_PATH to a Chromium or Chrome binary.";

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** `CHROMIUM_PATH`, else `/usr/bin/chromium`, else the first Chromium or Chrome on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = runtimeEnv()): string {
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (executable(override)) return override;
    throw new Error(`CHROMIUM_PATH=${override} is not an executable file. ${INSTALL_HINT}`);
  }
  const dirs = ["/usr/bin", ...(env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const name of NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  throw new Error(`Chromium was not found (looked for ${NAMES.join(", ")}). ${INSTALL_HINT}`);
}

/** Headless, offline and stateless: the pages are self-contained files (test/chat uses them too). */
export const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--hide-scrollbars",
  "--mute-audio",
];

export interface Browser {
  path: string;
  /** Device pixels per CSS pixel in the PNG (2 makes it sharp on high-density screens). */
  scale: number;
  /** Where each run's throwaway profile goes. */
  tmp: string;
}

async function chromium(browser: Browser, args: string[]): Promise<string> {
  const profile = await mkdtemp(join(browser.tmp, "profile-"));
  try {
    const { stdout } = await run(
      browser.path,
      [
        ...FLAGS,
        `--user-data-dir=${profile}`,
        `--force-device-scale-factor=${browser.scale}`,
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    const lines = (e.stderr ?? "").split("\n").filter((l) => l && !/dbus|Fontconfig/i.test(l));
    throw new Error(`${browser.path} failed: ${e.message}\n${lines.slice(-10).join("\n")}`);
  }
}

/**
 * Two passes: load the page in a tall window and read the height its script measured
 * (`data-shot-height`, or `data-shot-error` when it could not render), then screenshot it in a
 * window exactly that tall (and, given `data-shot-width`, that wide), so the PNG has no empty
 * space around the message.
 */
export async function screenshot(
  browser: Browser,
  url: string,
  width: number,
  out: string,
): Promise<{ width: number; height: number }> {
  const dom = await chromium(browser, [`--window-size=${width},4000`, "--dump-dom", url]);
  const failed = /data-shot-error="([^"]*)"/.exec(dom);
  if (failed) throw new Error(`${url} did not render: ${decodeEntities(failed[1] ?? "")}`);
  const measured = /data-shot-height="(\d+)"/.exec(dom);
  if (!measured) throw new Error(`${url} did not report its height (its script did not run?)`);
  const height = Number(measured[1]);
  // A page may be narrower than the window it was laid out in (a card of fixed width).
  const narrower = /data-shot-width="(\d+)"/.exec(dom);
  const shotWidth = narrower ? Math.min(width, Number(narrower[1])) : width;
  await chromium(browser, [`--window-size=${shotWidth},${height}`, `--screenshot=${out}`, url]);
  return { width: shotWidth, height };
}

const decodeEntities = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

export async function withTempDir<T>(
  prefix: string,
  tmpRoot: string,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpRoot, prefix));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
