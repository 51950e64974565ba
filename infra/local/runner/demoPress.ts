import { type PressReply, pressSlackButton, slackButtons } from "../sink/press.ts";
import type { SinkDelivery } from "../sink/server.ts";
import { type LocalFunctionUrl, startFunctionUrl } from "./functionUrl.ts";

/** The demo's chat secret: made up for the local stack, never a real one. */
const CHAT_SECRET = {
  tokenKey: "local-demo-token-key-6f1ed002ab5595859014ebf0951522d9",
  slackSigningSecret: "local-demo-slack-signing-secret",
};

/** Who presses in the demo: listed on the Slack receiver, so the press is allowed. */
export const DEMO_PRESSER = { id: "U0DEMO0001", username: "oncall" };

/** The demo's Slack receiver may be pressed by the demo's person, and Teams shows signed links. */
export const DEMO_ACTIONS: Record<string, unknown> = {
  slack: { pressedBy: { slackUsers: [DEMO_PRESSER.id] } },
  teams: "anyone-with-the-link",
};

export interface DemoPress {
  /** For the functions: the chat secret and chat-action's (local) URL. */
  env: Record<string, string>;
  /** Give it every sink delivery: the first Slack message with a Resume button gets pressed. */
  onDelivery(d: SinkDelivery, sinkUrl: string, say: (line: string) => void): void;
  /** The demo's person presses the button for `action` on a Slack message, signed as Slack signs. */
  pressInSlack(message: unknown, action: string, sinkUrl: string): Promise<PressReply>;
  close(): Promise<void>;
}

/**
 * A person in Slack, for `npm start`: chat-action behind a local function URL (serverless-offline
 * serves none) that invokes the real function, and the sink pressing "Resume now" on the first
 * paused upgrade it is shown, signed as Slack signs. The press then travels the product's own
 * path: Action Requested on the bus, the guarded resume, the outcome back to every channel.
 */
export async function startDemoPress(
  invoke: (event: unknown) => Promise<unknown>,
): Promise<DemoPress> {
  const url: LocalFunctionUrl = await startFunctionUrl(invoke);
  let pressed = false;
  const pressInSlack = (message: unknown, action: string, sinkUrl: string) =>
    pressSlackButton({
      message,
      action,
      chatActionUrl: url.url,
      signingSecret: CHAT_SECRET.slackSigningSecret,
      user: DEMO_PRESSER,
      responseUrl: `${sinkUrl}/slack-response`,
    });
  return {
    env: { SHEPHERD_CHAT_SECRET: JSON.stringify(CHAT_SECRET), SHEPHERD_CHAT_ACTION_URL: url.url },
    onDelivery: (d, sinkUrl, say) => {
      if (pressed || d.path !== "/slack") return;
      if (!slackButtons(d.json).some((b) => b.action_id === "shepherd-resume")) return;
      pressed = true;
      pressInSlack(d.json, "resume", sinkUrl).then(
        (r) =>
          say(
            `${DEMO_PRESSER.username} (${DEMO_PRESSER.id}) pressed Resume now in Slack: HTTP ${r.status}`,
          ),
        (e: Error) => say(`the Slack press failed: ${e.message}`),
      );
    },
    pressInSlack,
    close: () => url.close(),
  };
}
