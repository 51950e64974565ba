import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is walked freely in assertions
type Json = any;
export type Template = {
  Resources: Record<string, { Type: string; Properties: Json; DependsOn?: Json }>;
  Conditions?: Record<string, Json>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
};

export interface PackagedStack {
  /** Where osls wrote the template and one zip per function. */
  dir: string;
  template: Template;
}

/**
 * Packages the real serverless.yml with osls (no AWS access is needed for `package`) into a
 * temporary folder. Two packages must not run at once: osls builds in the service's `.esbuild`.
 */
export async function packageStack(stage = "test"): Promise<PackagedStack> {
  const dir = await mkdtemp(join(tmpdir(), "sls-package-"));
  await run(join(root, "node_modules/.bin/osls"), ["package", "--stage", stage, "--package", dir], {
    cwd: root,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
  });
  const text = await readFile(join(dir, "cloudformation-template-update-stack.json"), "utf8");
  return { dir, template: JSON.parse(text) };
}

export const resourcesOfType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** The paths in a zip, through Info-ZIP's `unzip` (a Debian package on every machine here). */
export function zipEntries(zip: string): string[] {
  return execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n").sort();
}

/** One file of a zip, as text. */
export function zipText(zip: string, entry: string): string {
  return execFileSync("unzip", ["-p", zip, entry], { encoding: "utf8", maxBuffer: 64 << 20 });
}

const NO_VALUE = Symbol("AWS::NoValue");
const PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::Region": "us-east-1",
  "AWS::AccountId": "123456789012",
};

/**
 * A value of the template as CloudFormation would resolve it for this stage, with the pseudo
 * parameters above and each parameter's default: conditions are evaluated, `Fn::If` picks its
 * branch and `AWS::NoValue` drops out, `Fn::Sub`, `Fn::Join`, `Fn::Select` and `Fn::Split` are
 * computed. What only exists once deployed stays symbolic: `Fn::GetAtt` becomes "Id.Attribute"
 * and a resource's `Ref` "Ref(Id)".
 */
export function resolveValue(t: Template, value: Json): Json {
  const resolve = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(resolve).filter((x) => x !== NO_VALUE);
    if (v === null || typeof v !== "object") return v;
    const [key, arg]: [string?, Json?] = Object.entries(v as Record<string, Json>)[0] ?? [];
    switch (key) {
      case "Ref":
        if (arg === "AWS::NoValue") return NO_VALUE;
        if (arg in PSEUDO) return PSEUDO[arg];
        if (t.Parameters?.[arg]) return t.Parameters[arg].Default ?? "";
        return `Ref(${arg})`;
      case "Fn::GetAtt":
        return (Array.isArray(arg) ? arg : String(arg).split(".")).join(".");
      case "Fn::Sub": {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) =>
          name in vars ? resolve(vars[name]) : resolve({ Ref: name }),
        );
      }
      case "Fn::Join":
        return resolve(arg[1]).join(arg[0]);
      case "Fn::Select":
        return resolve(arg[1])[arg[0]];
      case "Fn::Split":
        return String(resolve(arg[1])).split(arg[0]);
      case "Fn::If":
        return resolve(condition(t, arg[0]) ? arg[1] : arg[2]);
      default:
        return Object.fromEntries(
          Object.entries(v)
            .map(([k, x]) => [k, resolve(x)])
            .filter(([, x]) => x !== NO_VALUE),
        );
    }
  };
  return resolve(value);
}

function condition(t: Template, name: string): boolean {
  const evaluate = (c: Json): boolean => {
    if (c.Condition) return condition(t, c.Condition);
    if (c["Fn::Not"]) return !evaluate(c["Fn::Not"][0]);
    if (c["Fn::Equals"]) {
      const [a, b] = c["Fn::Equals"].map((x: Json) => resolveValue(t, x));
      return a === b;
    }
    throw new Error(`condition ${JSON.stringify(c)} is not evaluated here`);
  };
  return evaluate(t.Conditions?.[name]);
}

/**
 * A function's grants, resolved for the stage: one "action[,action] resource" line per action
 * set and resource of each statement of its role's policies, sorted.
 */
export function grantsOf(t: Template, functionId: string): string[] {
  const role = t.Resources[functionId]?.Properties.Role["Fn::GetAtt"][0];
  const policies = resolveValue(t, t.Resources[role]?.Properties.Policies ?? []);
  const lines: string[] = [];
  for (const policy of policies) {
    for (const s of policy.PolicyDocument.Statement) {
      expectAllow(s);
      const actions = [s.Action].flat().join(",");
      for (const resource of [s.Resource].flat()) lines.push(`${actions} ${resource}`);
    }
  }
  return lines.sort();
}

function expectAllow(statement: Json): void {
  if (statement.Effect !== "Allow") throw new Error(`unexpected ${JSON.stringify(statement)}`);
}
