import { writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type ChatStack, eventFor, MIN, startChatStack, writes } from "./chatStack.ts";
import { openPage, type Page } from "./headlessChromium.ts";

// The signed link's confirmation page in Debian's headless Chromium (.ci/run installs it): the
// page loads under its strict CSP, opening it changes nothing, and pressing its button with the
// mouse POSTs the press, which then acts once on the simulator. Its picture goes to docs/ when
// WRITE_DOC_IMAGES=1 (only then: tests do not write the tree).
let stack: ChatStack | undefined;
let page: Page | undefined;
afterEach(async () => {
  await page?.close();
  await stack?.close();
  page = undefined;
  stack = undefined;
});

describe("the confirmation page in headless Chromium", () => {
  it("shows what a press would do, does nothing when opened, and acts once when its button is pressed", async () => {
    stack = await startChatStack();
    const s = stack;
    const events = await s.poll(10 * MIN);
    const card = (await s.deliverTo("ops-teams", eventFor(events, "Upgrade Paused", "cce-pause")))
      .json as {
      attachments: { content: { actions: { url: string }[] } }[];
    };
    const link = card.attachments[0]?.content.actions[0]?.url ?? "";
    const mark = s.sim.requests.length;
    page = await openPage();
    await page.goto(link);
    const shown = await page.html();
    expect(shown).toContain("<h1>Resume now: cce-pause?</h1>");
    expect(shown).toMatch(/<button type="submit" class="primary">Resume now<\/button>/);
    const picture = await page.screenshot(640);
    expect(picture.subarray(1, 4).toString()).toBe("PNG");
    if (process.env.WRITE_DOC_IMAGES === "1") {
      await writeFile(
        new URL("../../docs/images/chat-confirmation-page.png", import.meta.url),
        picture,
      );
    }
    expect(s.bus.events).toEqual([]);
    expect(s.since(mark)).toEqual([]);

    await page.click("button[type=submit]");
    const answered = await page.html();
    expect(answered).toContain("<h1>Requested</h1>");
    expect(answered).toContain("requested by someone with the signed link (ops-teams)");
    expect(s.requested()).toHaveLength(1);
    await s.work();
    expect(writes(s.since(mark)).map((r) => r.operation)).toEqual(["ContinueUpgradeClusterTask"]);
  });
});
