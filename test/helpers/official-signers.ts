/**
 * The official SDKs' own signing code, used as an independent second opinion in tests
 * (devDependencies only, never bundled).
 */
import OpenApiUtilModule from "@alicloud/openapi-util";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";

type OpenApiUtilClass = { getAuthorization(...args: unknown[]): string };
/** The CommonJS default export arrives wrapped once or twice depending on the loader. */
const interop = OpenApiUtilModule as unknown as OpenApiUtilClass & { default?: OpenApiUtilClass };
const OpenApiUtil: OpenApiUtilClass =
  typeof interop.getAuthorization === "function" ? interop : (interop.default as OpenApiUtilClass);

export interface HuaweiSdkRequest {
  method: string;
  /** Scheme, host, port and path: the SDK parses the path out of it. */
  endpoint: string;
  headers: Record<string, string>;
  queryParams?: Record<string, string | string[]>;
  /** The SDK hashes `JSON.stringify(data)`. */
  data?: unknown;
}

/** Returns the Authorization header the Huawei SDK core computes. */
export function huaweiSdkAuthorization(req: HuaweiSdkRequest, ak: string, sk: string): string {
  const signed = AKSKSigner.sign(
    { ...req, queryParams: req.queryParams ?? {} } as never,
    { getAk: () => ak, getSk: () => sk } as never,
  ) as Record<string, string>;
  return signed.Authorization as string;
}

/** The Huawei SDK core's canonical URI, to show where it departs from the guide. */
export const huaweiSdkCanonicalUri = (pathname: string): string =>
  (AKSKSigner as unknown as { CanonicalURI(p: string): string }).CanonicalURI(pathname);

export interface AlibabaSdkRequest {
  method: string;
  pathname: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** Returns the Authorization header Alibaba's openapi-util computes (as the cs20151215 SDK does). */
export function alibabaSdkAuthorization(
  req: AlibabaSdkRequest,
  payloadHash: string,
  ak: string,
  sk: string,
): string {
  return OpenApiUtil.getAuthorization(req as never, "ACS3-HMAC-SHA256", payloadHash, ak, sk);
}
