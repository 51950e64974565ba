import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is walked freely in assertions
export type Template = { Resources: Record<string, { Type: string; Properties: any }> };

/**
 * Packages the real serverless.yml with osls (no AWS access is needed for `package`) into a
 * temporary folder, and returns the CloudFormation template it wrote.
 */
export async function packageStack(stage = "test"): Promise<Template> {
  const out = await mkdtemp(join(tmpdir(), "sls-package-"));
  await run(join(root, "node_modules/.bin/osls"), ["package", "--stage", stage, "--package", out], {
    cwd: root,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
  });
  return JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"));
}

export const resourcesOfType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** Every `Resource` value in every IAM policy statement of the template, flattened. */
export function iamResources(t: Template): unknown[] {
  const out: unknown[] = [];
  for (const [, r] of resourcesOfType(t, "AWS::IAM::Role")) {
    for (const policy of r.Properties.Policies ?? []) {
      for (const statement of policy.PolicyDocument.Statement) {
        out.push(
          ...(Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]),
        );
      }
    }
  }
  return out;
}
