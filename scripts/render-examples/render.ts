/**
 * `npm run render-examples`: renders real notification payloads as pictures for the docs.
 *
 * The events are the test fixtures (`test/helpers/notifyEvents.ts`: made by the real `decide`
 * and parsed by the real schemas), the payloads come from the real renderers, and headless
 * Chromium draws them: Slack's Block Kit with the HTML/CSS in `slack.ts` and `slack.html`,
 * Teams' Adaptive Card with the `adaptivecards` library itself (`teams.ts`, `teams.html`).
 * Writes `docs/images/{slack,teams}-<event>.png` and `docs/messages.md` (with the other
 * channels' payload excerpts, from `messages.template.md`).
 *
 *   --doc-only   regenerate docs/messages.md only (no Chromium needed)
 *
 * Needs Chromium and the fonts in INSTALL_HINT (chromium.ts); CHROMIUM_PATH picks a binary.
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { actionButtons } from "../../shared/chat/actionButtons.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { ReceiverSchema } from "../../shared/notify/config.ts";
import { renderSlack, renderTeams } from "../../shared/notify/index.ts";
import { NOTIFIED_EVENTS } from "../../test/helpers/notifyEvents.ts";
import { type Browser, findChromium, INSTALL_HINT, screenshot, withTempDir } from "./chromium.ts";
import { messagesDoc } from "./doc.ts";
import { slackPage } from "./slack.ts";
import { teamsPage } from "./teams.ts";

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const ROOT = here("../../");
const IMAGES = join(ROOT, "docs/images");
const DOC = join(ROOT, "docs/messages.md");

/** The pictured events: one that failed, one still running, one that succeeded. */
const PICTURED: { slug: string; event: ShepherdEvent; caption: string }[] = [
  {
    slug: "upgrade-failed",
    event: NOTIFIED_EVENTS["Upgrade Failed"],
    caption: "Upgrade Failed: the step that failed and the provider's own message",
  },
  {
    slug: "upgrade-started",
    event: NOTIFIED_EVENTS["Upgrade Started"],
    caption: "Upgrade Started: a running upgrade with its progress bar and step timeline",
  },
  {
    slug: "upgrade-succeeded",
    event: NOTIFIED_EVENTS["Upgrade Succeeded"],
    caption: "Upgrade Succeeded: start, finish and how long it took",
  },
];

/** A Slack receiver whose messages carry action buttons (issue 16). */
const PRESSABLE_SLACK = { name: "ops-slack", type: "slack", actions: "anyone-in-the-channel" };

/** CSS pixels. Slack gets a typical channel width; a Teams post is as wide as its card. */
const SLACK_WIDTH = 720;
const TEAMS_WINDOW = 720;
const TEAMS_CARD_WIDTH = 520;
const SCALE = 2;

/** `10:00 AM`, from the event's time in UTC, as both clients print a message's time. */
function clock(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const m = String(d.getUTCMinutes()).padStart(2, "0");
  return `${h % 12 === 0 ? 12 : h % 12}:${m} ${h < 12 ? "AM" : "PM"}`;
}

/** The fonts the pages name; without them Chromium falls back, and the pictures drift. */
function warnAboutFonts(): void {
  let families: string;
  try {
    families = execFileSync("fc-list", [":", "family"], { encoding: "utf8" });
  } catch {
    return;
  }
  const missing = ["Lato", "Open Sans", "Noto Color Emoji"].filter((f) => !families.includes(f));
  if (missing.length > 0) {
    process.stderr.write(`warning: fonts not installed: ${missing.join(", ")}. ${INSTALL_HINT}\n`);
  }
}

async function renderImages(): Promise<string[]> {
  const browser: Browser = { path: findChromium(), scale: SCALE, tmp: tmpdir() };
  warnAboutFonts();
  const slackTemplate = await readFile(here("./slack.html"), "utf8");
  const teamsAssets = {
    template: await readFile(here("./teams.html"), "utf8"),
    script: await readFile(here("./teams-card.js"), "utf8"),
    library: await readFile(
      createRequire(import.meta.url).resolve("adaptivecards/dist/adaptivecards.min.js"),
      "utf8",
    ),
  };
  await mkdir(IMAGES, { recursive: true });
  return withTempDir("render-examples-", tmpdir(), async (dir) => {
    browser.tmp = dir;
    const jobs = PICTURED.flatMap(({ slug, event }) => {
      const time = clock(event.time);
      return [
        {
          name: `slack-${slug}`,
          width: SLACK_WIDTH,
          html: slackPage(renderSlack(event), { appName: "Upgrade Shepherd", time }, slackTemplate),
        },
        {
          name: `teams-${slug}`,
          width: TEAMS_WINDOW,
          html: teamsPage(
            renderTeams(event),
            { sender: "Workflows", time, cardWidth: TEAMS_CARD_WIDTH },
            teamsAssets,
          ),
        },
      ];
    });
    // A paused upgrade with its action button (docs/chat-actions.md), signed with a throwaway key.
    const paused = NOTIFIED_EVENTS["Upgrade Paused"];
    const buttons = actionButtons(paused, ReceiverSchema.parse(PRESSABLE_SLACK), {
      tokenKey: "render-examples-throwaway-token-key-000000",
      baseUrl: null,
      now: new Date(paused.time),
    });
    jobs.push({
      name: "slack-upgrade-paused-with-buttons",
      width: SLACK_WIDTH,
      html: slackPage(
        renderSlack(paused, buttons),
        { appName: "Upgrade Shepherd", time: clock(paused.time) },
        slackTemplate,
      ),
    });
    const written: string[] = [];
    // One Chromium at a time keeps memory modest; each page takes about two seconds.
    for (const job of jobs) {
      const page = join(dir, `${job.name}.html`);
      const png = join(dir, `${job.name}.png`);
      await writeFile(page, job.html);
      const size = await screenshot(browser, pathToFileURL(page).href, job.width, png);
      const target = join(IMAGES, `${job.name}.png`);
      await copyFile(png, target);
      written.push(`${relative(ROOT, target)} (${size.width}×${size.height} CSS px, ×${SCALE})`);
    }
    return written;
  });
}

async function main(): Promise<void> {
  const docOnly = process.argv.includes("--doc-only");
  const written = docOnly ? [] : await renderImages();
  const template = await readFile(here("./messages.template.md"), "utf8");
  await writeFile(
    DOC,
    messagesDoc(template, PICTURED, (name) => join(IMAGES, name)),
  );
  written.push(relative(ROOT, DOC));
  process.stdout.write(`${written.map((w) => `wrote ${w}`).join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`render-examples: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});
