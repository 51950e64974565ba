/** An answer to send: status, JSON body (or none), extra headers. */
export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Huawei API Gateway errors (APIG.xxxx), in the gateway's `{error_code, error_msg, request_id}`
 * form. Messages are the documented ones.
 */
export const apigError = (
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers?: Record<string, string>,
): SimResponse => ({
  status,
  body: { error_msg: message, error_code: code, request_id: requestId },
  ...(headers ? { headers } : {}),
});

/**
 * CCE service errors use a different body from the gateway's: `{errorCode, errorMessage}`
 * (CCE API reference, "Error Codes"). A client must read both forms.
 */
export const cceError = (status: number, code: string, message: string): SimResponse => ({
  status,
  body: { errorCode: code, errorMessage: message },
});

/** Alibaba OpenAPI errors: `{code, message, requestId}`. */
export const acsError = (
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers?: Record<string, string>,
): SimResponse => ({
  status,
  body: { code, message, requestId },
  ...(headers ? { headers } : {}),
});

export const HUAWEI_MESSAGES = {
  noAuth: "Incorrect IAM authentication information: x-auth-token not found",
  badSignature: "Incorrect IAM authentication information: verify aksk signature fail",
  expired: "Incorrect IAM authentication information: calc ak sk signature fail:signature expired",
  locked:
    "Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.",
  unknownAk: (ak: string) =>
    `Incorrect IAM authentication information: Get secretKey failed,ak:${ak},err:ak not exist`,
  throttled: (limit: number) =>
    `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`,
  noApi: "The API does not exist or has not been published in the environment.",
  /** CCE.01403001 (CCE API reference, Error Codes): the IAM user lacks the permission. */
  forbidden: "Forbidden.",
  /** CCE.01403003..09: the status of the cluster does not allow the operation. */
  stateRefused: "The current cluster status does not allow this operation.",
} as const;

/** The messages of Alibaba's other errors the simulator plays, by code. */
export const ALIBABA_MESSAGES = {
  forbiddenRam:
    "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
  throttled: "Request was denied due to request throttling.",
} as const;

export const ALIBABA_ERRORS = {
  incomplete: [
    "IncompleteSignature",
    400,
    "The request signature does not conform to Aliyun standards.",
  ],
  unknownAk: ["InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."],
  badSignature: [
    "SignatureDoesNotMatch",
    400,
    "Specified signature is not matched with our calculation.",
  ],
  expired: ["InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."],
  badDate: [
    "InvalidTimeStamp.Format",
    400,
    "Specified time stamp or date value is not well formatted.",
  ],
  nonceUsed: ["SignatureNonceUsed", 400, "Specified signature nonce was used already."],
  throttled: ["Throttling.User", 400, "Request was denied due to user flow control."],
  noApi: [
    "InvalidApi.NotFound",
    404,
    "Specified api is not found, please check your url and method.",
  ],
} as const satisfies Record<string, readonly [string, number, string]>;

export type AlibabaErrorName = keyof typeof ALIBABA_ERRORS;

export const alibabaError = (
  name: AlibabaErrorName,
  requestId: string,
  headers?: Record<string, string>,
): SimResponse => {
  const [code, status, message] = ALIBABA_ERRORS[name];
  return acsError(status, code, message, requestId, headers);
};
