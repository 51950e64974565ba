import { ShepherdError } from "../../errors.ts";
import type { Provider } from "../../model/cluster.ts";

/**
 * The provider documents no API for this action (CCE Autopilot has no continue). Thrown before
 * any request, so no call is invented for it.
 */
export class UnsupportedActionError extends ShepherdError {
  readonly provider: Provider;
  readonly action: string;
  constructor(provider: Provider, action: string) {
    super(`${provider} has no documented API to ${action} an upgrade`);
    this.provider = provider;
    this.action = action;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), provider: this.provider, action: this.action };
  }
}
