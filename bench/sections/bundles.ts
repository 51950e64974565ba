import { type BuiltBundle, bytesByPackage, type Workspace } from "../lib/build.ts";
import { kb, ratio, type Table } from "../lib/table.ts";

export interface BundleFigure {
  name: string;
  /** Loaded at cold start: the entry file and its static chunks. */
  bytes: number;
  /** With the chunks loaded only on demand. */
  totalBytes: number;
  awsSdkAtInit: string[];
  packages: { name: string; bytes: number }[];
}

export interface BundleResults {
  functions: (BundleFigure & { vsAlibabaSdk: number; vsHuaweiSdk: number })[];
  baselines: { alibabaSdk: BundleFigure; huaweiSdkCore: BundleFigure; signedClient: BundleFigure };
}

const TOP = 6;
const figure = (b: BuiltBundle, label = b.name): BundleFigure => ({
  name: label,
  bytes: b.bytes,
  totalBytes: b.totalBytes,
  awsSdkAtInit: b.awsSdkAtInit,
  packages: bytesByPackage(b.metafile).slice(0, TOP),
});

/** Bundle sizes from the build's metafiles: no process is run. */
export function measureBundles(ws: Workspace): BundleResults {
  const alibabaSdk = figure(ws.children["alibaba-sdk"], "Alibaba SDK @alicloud/cs20151215");
  const huaweiSdkCore = figure(ws.children["huawei-sdk"], "Huawei SDK core @huaweicloud/…-core");
  const signedClient = figure(ws.children["signed-client"], "shared/client alone");
  return {
    functions: ws.functions.map((f) => ({
      ...figure(f),
      vsAlibabaSdk: f.bytes / alibabaSdk.bytes,
      vsHuaweiSdk: f.bytes / huaweiSdkCore.bytes,
    })),
    baselines: { alibabaSdk, huaweiSdkCore, signedClient },
  };
}

const sdkNames = (f: BundleFigure) =>
  f.awsSdkAtInit.map((p) => p.replace("@aws-sdk/client-", "")).join(", ") || "none";

const topPackages = (f: BundleFigure) =>
  f.packages
    .slice(0, 4)
    .map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)}`)
    .join(", ");

export function bundleTable(r: BundleResults): Table {
  const { alibabaSdk, huaweiSdkCore, signedClient } = r.baselines;
  return {
    title: "1. Bundle size (minified ESM, @aws-sdk/* external, as deployed)",
    head: [
      "bundle",
      "loaded at start",
      "+ on demand",
      "÷ Alibaba SDK",
      "÷ Huawei core",
      "largest packages (KB)",
      "AWS SDK at start",
    ],
    rows: [
      ...r.functions.map((f) => [
        f.name,
        kb(f.bytes),
        kb(f.totalBytes - f.bytes),
        ratio(f.vsAlibabaSdk),
        ratio(f.vsHuaweiSdk),
        topPackages(f),
        sdkNames(f),
      ]),
      ...[alibabaSdk, huaweiSdkCore, signedClient].map((b) => [
        `${b.name} (baseline)`,
        kb(b.bytes),
        kb(b.totalBytes - b.bytes),
        ratio(b.bytes / alibabaSdk.bytes),
        ratio(b.bytes / huaweiSdkCore.bytes),
        topPackages(b),
        sdkNames(b),
      ]),
    ],
    notes: [
      "Baselines are one-call scripts bundled with the same esbuild options. The Huawei row is the",
      "SDK core only: the npm CCE package (no upgrade operations) would add its models on top.",
      "AWS SDK at start: external clients a cold start loads (the Lambda runtime provides them).",
    ],
  };
}
