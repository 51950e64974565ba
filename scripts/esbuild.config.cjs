// The one esbuild recipe for the functions' bundles. serverless.yml's serverless-esbuild reads it
// through `custom.esbuild.config`; `npm run build` (scripts/build.mjs) and the benchmark
// (bench/lib/build.ts) import `bundleOptions`. CommonJS, because serverless-esbuild `require`s it.

/** The esbuild options of every function bundle, as deployed. */
const bundleOptions = {
  bundle: true,
  minify: true,
  platform: "node",
  // serverless.yml deploys on nodejs22.x.
  target: "node22",
  format: "esm",
  // The Lambda runtime provides the AWS SDK. node-fetch's fetch-blob requires
  // web-streams-polyfill only on Node < 16.5, never on nodejs22.x.
  external: ["@aws-sdk/*", "web-streams-polyfill/*"],
  legalComments: "none",
  // Dynamic imports of bundled code become chunks beside handler.mjs, loaded only when used.
  splitting: true,
  // For dependencies that still call `require` from an ES module.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
};

/**
 * serverless-esbuild's options: the recipe, with its externals as `exclude` (bundled out, and
 * left out of the zip), and source maps beside the bundles. Each function is built into its own
 * folder, functions/<name>/, chunks included; serverless.yml's per-function `package.patterns`
 * keep every other function's folder out of its zip.
 */
function serverlessEsbuildOptions() {
  const { external, ...options } = bundleOptions;
  return {
    ...options,
    exclude: external,
    external: [],
    outputFileExtension: ".mjs",
    sourcemap: "external",
  };
}

module.exports = serverlessEsbuildOptions;
module.exports.bundleOptions = bundleOptions;
