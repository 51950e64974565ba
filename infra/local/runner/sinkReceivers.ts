import { receiverSecretVariable } from "../../../shared/notify/receiverSecrets.ts";
import { SINK_VENDORS } from "../sink/behaviour.ts";

/** The channels whose receivers sign what they send. */
const SIGNED = new Set(["webhook", "cloudevents", "dingtalk", "feishu"]);

/**
 * Receivers and routes that send every notified event to every channel of the local sink, and
 * the environment that holds their URLs and secrets (as Secrets Manager would in the cloud).
 */
export function sinkReceivers(sinkUrl: string, signingSecret: string) {
  const receivers = SINK_VENDORS.map((type) => ({
    name: `sink-${type}`,
    type,
    allowPrivateNetwork: true,
  }));
  const env: Record<string, string> = {};
  for (const type of SINK_VENDORS) {
    const url = `${sinkUrl}/${type}`;
    const secret =
      type === "pagerduty"
        ? { url, routingKey: "R0UTINGKEYLOCAL0000000000000000" }
        : SIGNED.has(type)
          ? { url, signingSecret }
          : { url };
    env[receiverSecretVariable(`sink-${type}`)] = JSON.stringify(secret);
  }
  return {
    receivers,
    routes: [{ name: "everything to the sink", receivers: receivers.map((r) => r.name) }],
    env,
  };
}
