export { ALIBABA_ALGORITHM, alibabaDate, signAlibaba } from "./alibaba.ts";
export { buildQuery, canonicalPath, encodePath, percentEncode } from "./encode.ts";
export { HUAWEI_ALGORITHM, huaweiDate, signHuawei } from "./huawei.ts";
export type {
  AlibabaSignOptions,
  HuaweiSignOptions,
  SignableRequest,
  SignedRequest,
} from "./types.ts";
