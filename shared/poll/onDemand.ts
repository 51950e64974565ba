/**
 * What only some poll-status runs need, in one module loaded on demand (`await import`): the
 * discovery step, the rollouts' judge, the quiet step and its HTTP stack (the SSRF guard), the
 * status page and the weekly digest. One module makes one chunk: each file the ESM loader reads
 * at cold start costs time, and separate dynamic imports would split the code every run loads
 * into many files (bench, sections 1 and 2).
 */
export { judgeDiscovery } from "../decide/judgeDiscovery.ts";
export { discoverFleet } from "../discover/discoverFleet.ts";
export { observeDiscovery } from "../discover/observeDiscovery.ts";
export { guardedFetchFor } from "../net/guardedFetchFor.ts";
export { systemLookup } from "../notify/urlPolicy.ts";
export { observeQuiet } from "../quiet/observeQuiet.ts";
export { createQuietSecrets } from "../quiet/quietSecrets.ts";
export { runQuiet } from "../quiet/runQuiet.ts";
export { handleDigest } from "../status/handleDigest.ts";
export { judgeRolloutScope } from "./judgeRolloutScope.ts";
export { writeRunStatus } from "./writeRunStatus.ts";
