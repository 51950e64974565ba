/** chat-action's paths under its function URL. */
export const SLACK_PATH = "slack";
export const FEISHU_PATH = "feishu";
/** A signed link's confirmation page: `GET /act?t=<token>` shows it, its form POSTs here. */
export const LINK_PATH = "act";
