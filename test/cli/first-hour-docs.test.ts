import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../shared/config/configSchema.ts";

// Issue 14, point 9: what a new user reads first must fit what the code does.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the docs a new user starts from", () => {
  it("the reference's top-level table names every top-level field of the config, and no future", () => {
    const doc = read("docs/configuration.md");
    const table = doc.slice(doc.indexOf("**Top level**"), doc.indexOf("**`defaults`**"));
    const documented = [...table.matchAll(/^\| `([$\w]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    expect(doc).not.toContain("will be added");
  });

  it("the README's deploy step keeps a config the size of config/example.yaml in S3", () => {
    // SSM holds 4 KB in a String parameter and 8 KB in an advanced one.
    expect(statSync(new URL("../../config/example.yaml", import.meta.url)).size).toBeGreaterThan(
      8 * 1024,
    );
    const readme = read("README.md");
    const deploy = readme.slice(readme.indexOf("## Deploy"), readme.indexOf("## How it works"));
    expect(deploy).toContain("aws s3 cp config.yaml s3://");
    expect(deploy).toContain('--param="configS3Uri=s3://');
    // The stage parameter the README names is the one serverless.yml declares.
    expect(read("serverless.yml")).toMatch(/^\s+configS3Uri:/m);
  });
});
