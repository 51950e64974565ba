import { ALIBABA_ERRORS, errorsFor } from "./cloudErrors.ts";
import { answer, type GatewayStep } from "./exchange.ts";

/** The ACK API version every action is published under (`x-acs-version`). */
export const ACK_VERSION = "2015-12-15";

/**
 * An API exists at this method and path; for ACK, the `x-acs-action` and `x-acs-version`
 * headers also name it (Alibaba's gateway routes by them), or the answer is InvalidApi.NotFound.
 */
export const matchApi: GatewayStep = (x) => {
  if (x.route === null) return answer(errorsFor(x.cloud).noApi(x.requestId));
  const { headers } = x.req;
  if (
    x.route.cloud === "alibaba" &&
    (headers["x-acs-action"] !== x.route.operation || headers["x-acs-version"] !== ACK_VERSION)
  ) {
    return answer(ALIBABA_ERRORS.noApi(x.requestId));
  }
  return undefined;
};
