import type { AlibabaAuthenticator } from "../alibabaAuth.ts";
import type { HuaweiAuthenticator, IncomingSigned } from "../huaweiAuth.ts";
import { ALIBABA_ERRORS, HUAWEI_ERRORS } from "./cloudErrors.ts";
import { answer, type GatewayStep, routed } from "./exchange.ts";

/**
 * The signature, checked the way each cloud's gateway checks it (with the official SDKs'
 * signers, `huaweiAuth.ts` and `alibabaAuth.ts`); a refusal is that gateway's 401 or 4xx. The key
 * it names is recorded, refused or not, and is what the rate limit counts.
 */
export function authenticate(
  huawei: HuaweiAuthenticator,
  alibaba: AlibabaAuthenticator,
): GatewayStep {
  return (x) => {
    const signed: IncomingSigned = {
      method: x.method,
      rawPath: x.rawPath,
      rawQuery: x.rawQuery,
      headers: x.req.headers,
      body: x.body,
    };
    if (routed(x).cloud === "huawei") {
      const auth = huawei.verify(signed);
      x.ak = auth.ak;
      x.recorder.signedBy(auth.ak);
      return auth.ok
        ? undefined
        : answer(HUAWEI_ERRORS.unauthorized(auth.reason, auth.ak, x.requestId));
    }
    const auth = alibaba.verify(signed);
    x.ak = auth.ak;
    x.recorder.signedBy(auth.ak);
    return auth.ok
      ? undefined
      : answer(ALIBABA_ERRORS.unauthorized(auth.reason, auth.ak, x.requestId));
  };
}
