import type { AlibabaAuthenticator } from "../alibabaAuth.ts";
import type { HuaweiAuthenticator, IncomingSigned } from "../huaweiAuth.ts";
import { ALIBABA_ERRORS, type CloudErrors, HUAWEI_ERRORS } from "./cloudErrors.ts";
import { answer, type Exchange, type GatewayStep, type Reply, routed } from "./exchange.ts";

/** What both clouds' authenticators answer: the key the request named, and why it was refused. */
type AuthResult<Reason extends string> =
  | { ok: true; ak: string }
  | { ok: false; ak: string | null; reason: Reason };

interface Verifier<Reason extends string> {
  verify(req: IncomingSigned): AuthResult<Reason>;
}

/**
 * The signature, checked the way each cloud's gateway checks it (with the official SDKs'
 * signers, `huaweiAuth.ts` and `alibabaAuth.ts`); a refusal is that gateway's 401 or 4xx. The key
 * it names is recorded, refused or not, and is what the rate limit counts.
 */
export function authenticate(
  huawei: HuaweiAuthenticator,
  alibaba: AlibabaAuthenticator,
): GatewayStep {
  return (x) =>
    routed(x).cloud === "huawei"
      ? check(x, huawei, HUAWEI_ERRORS)
      : check(x, alibaba, ALIBABA_ERRORS);
}

function check<Reason extends string>(
  x: Exchange,
  verifier: Verifier<Reason>,
  errors: CloudErrors<Reason>,
): Reply | undefined {
  const auth = verifier.verify({
    method: x.method,
    rawPath: x.rawPath,
    rawQuery: x.rawQuery,
    headers: x.req.headers,
    body: x.body,
  });
  x.ak = auth.ak;
  x.recorder.signedBy(auth.ak);
  return auth.ok ? undefined : answer(errors.unauthorized(auth.reason, auth.ak, x.requestId));
}
