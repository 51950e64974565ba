import type { BuildOptions } from "esbuild";

type BundleOptions = BuildOptions & { external: string[]; target: string };

/** serverless-esbuild's options (`custom.esbuild.config` in serverless.yml). */
declare function serverlessEsbuildOptions(): Omit<BundleOptions, "external"> & {
  exclude: string[];
  external: string[];
  outputFileExtension: ".mjs";
  sourcemap: "external";
};

declare namespace serverlessEsbuildOptions {
  /** The esbuild options of every function bundle, as deployed. */
  const bundleOptions: BundleOptions;
}

export = serverlessEsbuildOptions;
