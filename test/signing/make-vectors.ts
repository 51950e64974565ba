/** Writes fixtures/signing/vectors.json from the official SDK signers. Run: npx tsx test/signing/make-vectors.ts */
import { writeFileSync } from "node:fs";
import { ownVectors } from "./own-vectors.ts";
import { signOfficial, vectorUrl } from "./vector-runner.ts";

const pinned = ownVectors.map((v) => ({
  name: v.name,
  url: vectorUrl(v),
  authorization: signOfficial(v),
}));
writeFileSync(
  new URL("../fixtures/signing/vectors.json", import.meta.url),
  `${JSON.stringify(pinned, null, 2)}\n`,
);
