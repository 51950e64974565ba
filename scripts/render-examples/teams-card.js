// Runs in the page (teams.html), after the adaptivecards UMD bundle defined `AdaptiveCards`.
// Renders the card in #card with the host config, then records the size of #shot on <html>
// (`data-shot-width`, `data-shot-height`) or why it could not render (`data-shot-error`) for render.ts to read.
(() => {
  const root = document.documentElement;

  const escapeHtml = (text) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

  // Teams' markdown subset in a TextBlock: **bold**, _italic_, [links](url), "- " and "1. "
  // lists. A single newline is a soft break, a blank line a new paragraph (as markdown-it does).
  const inline = (text) =>
    escapeHtml(text)
      .replace(/\*\*(?!\s)(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/(?<![\p{L}\p{N}_])_(?!\s)(.+?)_(?![\p{L}\p{N}_])/gu, "<em>$1</em>")
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');

  const markdown = (text) => {
    const html = [];
    let paragraph = [];
    let list = null;
    const flush = () => {
      if (paragraph.length > 0) html.push(`<p>${paragraph.map(inline).join(" ")}</p>`);
      if (list)
        html.push(
          `<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${list.tag}>`,
        );
      paragraph = [];
      list = null;
    };
    for (const line of text.split(/\r?\n/)) {
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
      const item = bullet ?? numbered;
      if (item) {
        const tag = bullet ? "ul" : "ol";
        if (!list || list.tag !== tag) {
          flush();
          list = { tag, items: [] };
        }
        list.items.push(item[1]);
      } else if (line.trim() === "") {
        flush();
      } else {
        if (list) flush();
        paragraph.push(line.trim());
      }
    }
    flush();
    return html.join("");
  };

  try {
    const data = JSON.parse(document.getElementById("card-data").textContent);
    AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = markdown(text);
      result.didProcess = true;
    };
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(data.hostConfig);
    const context = new AdaptiveCards.SerializationContext();
    card.parse(data.card, context);
    const problems = [];
    for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
    if (problems.length > 0)
      throw new Error(`the card did not parse cleanly: ${problems.join("; ")}`);
    const element = card.render();
    if (!element) throw new Error("the card rendered nothing");
    document.getElementById("card").appendChild(element);
    const shot = document.getElementById("shot");
    const box = shot.getBoundingClientRect();
    root.setAttribute("data-shot-width", String(Math.ceil(box.right)));
    root.setAttribute("data-shot-height", String(Math.ceil(box.bottom)));
  } catch (error) {
    root.setAttribute("data-shot-error", String(error?.stack ?? error));
  }
})();
