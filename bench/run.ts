/** `npm run bench`: every benchmark section, one run, figures beside baselines from the same run. */
import { runMicro } from "./micro.ts";

await runMicro();
