import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import recipe from "../../scripts/esbuild.config.cjs";
import { NOTIFIABLE_TYPES } from "../../shared/notify/notifiableType.ts";
import {
  grantsOf,
  type PackagedStack,
  packageStack,
  resolveValue,
  resourcesOfType,
  type Template,
  zipEntries,
  zipText,
} from "../helpers/package-stack.ts";

// The real serverless.yml, packaged by osls with serverless-esbuild (no AWS access is needed
// for `package`); assertions on the CloudFormation template and the zips it produces. Grants
// are resolved as CloudFormation would for the stage (test/helpers/package-stack.ts).
let stack: PackagedStack;
let t: Template;
beforeAll(async () => {
  stack = await packageStack("test");
  t = stack.template;
}, 240_000);

const root = new URL("../..", import.meta.url).pathname;
const fn = (logicalId: string) => t.Resources[logicalId]?.Properties;
const ruleFor = (pattern: string) =>
  resourcesOfType(t, "AWS::Events::Rule").find(([, r]) =>
    JSON.stringify(r.Properties.EventPattern ?? {}).includes(`"${pattern}"`),
  )?.[1].Properties;

/** Each function: its folder, its logical id, its failure queue. */
const FUNCTIONS = [
  ["poll-status", "PollDashstatusLambdaFunction", "PollStatusFailures"],
  ["trigger-postcheck", "TriggerDashpostcheckLambdaFunction", "TriggerPostcheckFailures"],
  ["cancel-on-failure", "CancelDashonDashfailureLambdaFunction", "CancelOnFailureFailures"],
  ["resume-upgrade", "ResumeDashupgradeLambdaFunction", "ResumeUpgradeFailures"],
  ["start-upgrade", "StartDashupgradeLambdaFunction", "StartUpgradeFailures"],
  ["notify", "NotifyLambdaFunction", "NotifyFailures"],
  ["deliver", "DeliverLambdaFunction", "DeliverFailures"],
  ["chat-action", "ChatDashactionLambdaFunction", "ChatActionFailures"],
] as const;

const ARN = "123456789012";
const CONFIG = `ssm:GetParameter arn:aws:ssm:us-east-1:${ARN}:parameter/upgrade-shepherd/test/config`;
const CREDENTIALS = `secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:${ARN}:secret:upgrade-shepherd/test/credentials/*`;
const RECEIVERS = `secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:${ARN}:secret:upgrade-shepherd/test/receivers/*`;
const QUIET = `secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:${ARN}:secret:upgrade-shepherd/test/quiet/*`;
const CHAT = `secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:${ARN}:secret:upgrade-shepherd/test/chat-secret-*`;
const PUT_EVENTS = "events:PutEvents ShepherdBus.Arn";
const READ_QUEUE = "sqs:ReceiveMessage,sqs:DeleteMessage,sqs:GetQueueAttributes";
const logs = (id: string) =>
  `logs:CreateLogStream,logs:PutLogEvents ${id.replace("LambdaFunction", "LogGroup")}.Arn`;
const failures = (queue: string) => `sqs:SendMessage ${queue}.Arn`;

describe("serverless.yml, packaged", () => {
  it("deploys poll-status on nodejs22.x arm64, with the bus name and config source in its environment", () => {
    const p = fn("PollDashstatusLambdaFunction");
    expect(p.Runtime).toBe("nodejs22.x");
    expect(p.Architectures).toEqual(["arm64"]);
    expect(p.Handler).toBe("functions/poll-status/handler.handler");
    expect(p.Environment.Variables).toMatchObject({
      SHEPHERD_BUS_NAME: "upgrade-shepherd-test",
      SHEPHERD_CONFIG_SSM_PARAMETER: "/upgrade-shepherd/test/config",
      SHEPHERD_CONFIG_S3_URI: "",
      SHEPHERD_CREDENTIALS_SECRET_PREFIX: "upgrade-shepherd/test/credentials/",
      SHEPHERD_QUIET_SECRET_PREFIX: "upgrade-shepherd/test/quiet/",
    });
  });

  it("creates the custom bus", () => {
    expect(t.Resources.ShepherdBus).toMatchObject({
      Type: "AWS::Events::EventBus",
      Properties: { Name: "upgrade-shepherd-test" },
    });
  });

  it("schedules poll-status as a cron on the 5-minute grid", () => {
    const schedule = resourcesOfType(t, "AWS::Events::Rule").find(
      ([, r]) => r.Properties.ScheduleExpression,
    )?.[1].Properties;
    expect(schedule.ScheduleExpression).toBe("cron(0/5 * * * ? *)");
    expect(schedule.Targets[0].Arn).toEqual({
      "Fn::GetAtt": ["PollDashstatusLambdaFunction", "Arn"],
    });
  });

  it("routes Poll Retry Requested through an SQS delay queue back to poll-status", () => {
    const rule = ruleFor("Poll Retry Requested");
    expect(rule.EventBusName).toEqual({ Ref: "ShepherdBus" });
    expect(rule.EventPattern).toEqual({
      source: ["upgrade-shepherd"],
      "detail-type": ["Poll Retry Requested"],
    });
    expect(rule.Targets[0]).toMatchObject({
      Arn: { "Fn::GetAtt": ["PollRetryQueue", "Arn"] },
      RetryPolicy: { MaximumRetryAttempts: 4 },
      DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
    });
    expect(t.Resources.PollRetryQueue?.Properties.DelaySeconds).toBe(60);
    const mapping = resourcesOfType(t, "AWS::Lambda::EventSourceMapping").find(
      ([, r]) => r.Properties.EventSourceArn["Fn::GetAtt"][0] === "PollRetryQueue",
    )?.[1].Properties;
    expect(mapping).toMatchObject({
      BatchSize: 1,
      FunctionName: { "Fn::GetAtt": ["PollDashstatusLambdaFunction", "Arn"] },
    });
  });

  it("subscribes poll-status to Poll Shard Requested with a retry policy and a dead-letter queue", () => {
    const rule = ruleFor("Poll Shard Requested");
    expect(rule.EventBusName).toEqual({ "Fn::GetAtt": ["ShepherdBus", "Name"] });
    expect(rule.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
    });
  });

  it.each(FUNCTIONS)(
    "gives %s Lambda async retries and its own on-failure queue",
    (_name, id, queue) => {
      const conf = resourcesOfType(t, "AWS::Lambda::EventInvokeConfig").find(
        ([, r]) => r.Properties.FunctionName.Ref === id,
      )?.[1].Properties;
      expect(conf).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue, "Arn"] } } },
      });
      expect(t.Resources[queue]?.Type).toBe("AWS::SQS::Queue");
      expect(fn(id).Runtime).toBe("nodejs22.x");
    },
  );
});

describe("the action functions, packaged", () => {
  const actions = [
    ["TriggerDashpostcheck", "Postcheck Due"],
    ["CancelDashonDashfailure", "Cancel Due"],
    ["ResumeDashupgrade", "Resume Due"],
    ["StartDashupgrade", "Upgrade Due"],
  ] as const;

  it.each(actions)(
    "%s listens for %s on the custom bus, with a retry policy and a dead-letter queue",
    (id, type) => {
      const rule = ruleFor(type);
      expect(rule.EventBusName).toEqual({ "Fn::GetAtt": ["ShepherdBus", "Name"] });
      expect(rule.EventPattern).toEqual({ source: ["upgrade-shepherd"], "detail-type": [type] });
      expect(rule.Targets).toHaveLength(1);
      expect(rule.Targets[0]).toMatchObject({
        Arn: { "Fn::GetAtt": [`${id}LambdaFunction`, "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
      });
    },
  );
});

describe("notify and deliver, packaged", () => {
  it("feeds the notified events to notify through a batching SQS queue", () => {
    const rule = ruleFor("Upgrade Failed");
    expect(rule.EventPattern["detail-type"]).toEqual([...NOTIFIABLE_TYPES]);
    expect(rule.Targets[0]).toMatchObject({
      Arn: { "Fn::GetAtt": ["NotifyQueue", "Arn"] },
      DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
    });
    const mapping = resourcesOfType(t, "AWS::Lambda::EventSourceMapping").find(
      ([, r]) => r.Properties.EventSourceArn["Fn::GetAtt"][0] === "NotifyQueue",
    )?.[1].Properties;
    expect(mapping).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 20,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("gives each Delivery Requested to deliver, whose retries are that receiver's alone", () => {
    const rule = ruleFor("Delivery Requested");
    expect(rule.Targets[0]).toMatchObject({
      Arn: { "Fn::GetAtt": ["DeliverLambdaFunction", "Arn"] },
      RetryPolicy: { MaximumRetryAttempts: 4 },
      DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
    });
    expect(JSON.stringify(ruleFor("Upgrade Failed").EventPattern)).not.toContain(
      "Delivery Requested",
    );
  });

  it("tells each function only the secret prefix it reads", () => {
    const variables = (id: string) => Object.keys(fn(id).Environment.Variables);
    expect(variables("NotifyLambdaFunction")).not.toContain("SHEPHERD_CREDENTIALS_SECRET_PREFIX");
    expect(variables("NotifyLambdaFunction")).not.toContain("SHEPHERD_RECEIVER_SECRET_PREFIX");
    expect(variables("DeliverLambdaFunction")).not.toContain("SHEPHERD_CREDENTIALS_SECRET_PREFIX");
    expect(fn("DeliverLambdaFunction").Environment.Variables.SHEPHERD_RECEIVER_SECRET_PREFIX).toBe(
      "upgrade-shepherd/test/receivers/",
    );
    expect(variables("CancelDashonDashfailureLambdaFunction")).not.toContain(
      "SHEPHERD_RECEIVER_SECRET_PREFIX",
    );
    for (const [, id] of FUNCTIONS.filter(([name]) => name !== "poll-status")) {
      expect(variables(id)).not.toContain("SHEPHERD_QUIET_SECRET_PREFIX");
    }
  });
});

describe("IAM, packaged: one role per function, with only its own grants", () => {
  it("gives every function a role of its own, and creates no shared role", () => {
    const roles = FUNCTIONS.map(([, id]) => fn(id).Role["Fn::GetAtt"][0]);
    expect(new Set(roles).size).toBe(FUNCTIONS.length);
    expect(
      resourcesOfType(t, "AWS::IAM::Role")
        .map(([id]) => id)
        .sort(),
    ).toEqual([...roles].sort());
    for (const role of roles) {
      expect(t.Resources[role]?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ]);
    }
  });

  const expected: Record<(typeof FUNCTIONS)[number][0], string[]> = {
    "poll-status": [
      PUT_EVENTS,
      CONFIG,
      CREDENTIALS,
      QUIET,
      `${READ_QUEUE} PollRetryQueue.Arn`,
      // The status page: its objects, and listing one run's parts (infra/resources/status.yml).
      "s3:PutObject,s3:GetObject Ref(StatusBucket.Arn)/*",
      "s3:ListBucket StatusBucket.Arn",
    ],
    "trigger-postcheck": [PUT_EVENTS, CONFIG, CREDENTIALS],
    "cancel-on-failure": [PUT_EVENTS, CONFIG, CREDENTIALS],
    "resume-upgrade": [PUT_EVENTS, CONFIG, CREDENTIALS],
    "start-upgrade": [PUT_EVENTS, CONFIG, CREDENTIALS],
    notify: [PUT_EVENTS, CONFIG, `${READ_QUEUE} NotifyQueue.Arn`],
    deliver: [CONFIG, RECEIVERS, CHAT],
    "chat-action": [PUT_EVENTS, CONFIG, CREDENTIALS, CHAT],
  };

  it.each(FUNCTIONS)("%s may do exactly what it needs", (name, id, queue) => {
    expect(grantsOf(t, id)).toEqual([...expected[name], logs(id), failures(queue)].sort());
  });

  it("keeps the status page's bucket private: every public-access block, no ACLs, TLS only", () => {
    const bucket = t.Resources.StatusBucket?.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: "BucketOwnerEnforced" }]);
    const policy = t.Resources.StatusBucketPolicy?.Properties.PolicyDocument.Statement;
    expect(policy.every((s: { Effect: string }) => s.Effect === "Deny")).toBe(true);
    expect(fn("PollDashstatusLambdaFunction").Environment.Variables.SHEPHERD_STATUS_BUCKET).toEqual(
      {
        Ref: "StatusBucket",
      },
    );
  });

  it("grants no wildcard action and no `*` resource", () => {
    const lines = FUNCTIONS.flatMap(([, id]) => grantsOf(t, id));
    expect(lines.length).toBeGreaterThan(FUNCTIONS.length);
    for (const line of lines) {
      const [actions, resource] = line.split(" ");
      expect(actions).not.toContain("*");
      expect(resource).not.toBe("*");
      expect(resource).not.toMatch(/:secret:\*$|:parameter\*?$|:::\*?$/);
    }
  });
});

describe("zips, packaged", () => {
  it.each(FUNCTIONS)("%s's zip holds its own bundle, whole, and nothing else", (name) => {
    const zip = join(stack.dir, `${name}.zip`);
    const entries = zipEntries(zip);
    expect(entries).toContain(`functions/${name}/handler.mjs`);
    for (const entry of entries)
      expect(entry).toMatch(new RegExp(`^functions/${name}/[^/]+\\.mjs(\\.map)?$`));
    // Every chunk the bundle imports (statically or on demand) is in the zip.
    const code = entries
      .filter((e) => e.endsWith(".mjs"))
      .map((e) => zipText(zip, e))
      .join("\n");
    for (const [, chunk] of code.matchAll(/["'`]\.\/([\w-]+\.mjs)["'`]/g)) {
      expect(entries).toContain(`functions/${name}/${chunk}`);
    }
  });

  it("holds what `npm run build` builds: one esbuild recipe (scripts/esbuild.config.cjs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-build-"));
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: dir, stdio: "pipe" });
    // Chunk names carry a content hash, which the source maps' settings change.
    const unhashed = (code: string) => code.replace(/\b([\w-]+)-[A-Z0-9]{8}\.mjs/g, "$1.mjs");
    for (const [name] of FUNCTIONS) {
      const deployed = zipText(join(stack.dir, `${name}.zip`), `functions/${name}/handler.mjs`);
      const built = readFileSync(join(dir, "dist", name, "handler.mjs"), "utf8");
      expect(unhashed(built) === unhashed(deployed), name).toBe(true);
    }
    expect(`nodejs${recipe.bundleOptions.target.replace("node", "")}.x`).toBe(
      fn("PollDashstatusLambdaFunction").Runtime,
    );
  });
});

describe("chat-action, packaged", () => {
  it("has a function URL (verified per request), a reserved concurrency and its own failure queue", () => {
    expect(t.Resources.ChatDashactionLambdaFunctionUrl?.Properties).toMatchObject({
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": ["ChatDashactionLambdaFunction", "Arn"] },
    });
    expect(fn("ChatDashactionLambdaFunction")?.ReservedConcurrentExecutions).toBe(5);
    expect(
      fn("ChatDashactionLambdaFunction")?.Environment.Variables.SHEPHERD_CHAT_SECRET_PREFIX,
    ).toBe("upgrade-shepherd/test/");
    const conf = resourcesOfType(t, "AWS::Lambda::EventInvokeConfig").find(
      ([, r]) => r.Properties.FunctionName.Ref === "ChatDashactionLambdaFunction",
    )?.[1].Properties;
    expect(conf).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": ["ChatActionFailures", "Arn"] } },
      },
    });
  });

  it("gets each cluster's Action Requested back from the bus, with a retry policy and a dead-letter queue", () => {
    const rules = resourcesOfType(t, "AWS::Events::Rule")
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.EventPattern?.["detail-type"]) === '["Action Requested"]');
    const to = (id: string) => rules.find((p) => JSON.stringify(p.Targets[0]?.Arn).includes(id));
    expect(to("ChatDashactionLambdaFunction")).toMatchObject({
      EventPattern: {
        "detail-type": ["Action Requested"],
        detail: { action: ["resume", "cancel", "postcheck"] },
      },
      Targets: [{ DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } } }],
    });
    // A wave's approval goes to poll-status, which re-judges the rollout; never to chat-action.
    expect(to("PollDashstatusLambdaFunction")).toMatchObject({
      EventPattern: { "detail-type": ["Action Requested"], detail: { action: ["approve"] } },
      Targets: [{ DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } } }],
    });
    expect(rules).toHaveLength(2);
  });

  it("gives deliver the URL its signed links point at, and the chat secret to sign them", () => {
    expect(fn("DeliverLambdaFunction")?.Environment.Variables).toMatchObject({
      SHEPHERD_CHAT_ACTION_URL: {
        "Fn::GetAtt": ["ChatDashactionLambdaFunctionUrl", "FunctionUrl"],
      },
      SHEPHERD_CHAT_SECRET_PREFIX: "upgrade-shepherd/test/",
    });
  });
});

describe("alarms, packaged", () => {
  it("alarms on the depth of every queue", () => {
    const queues = resourcesOfType(t, "AWS::SQS::Queue")
      .map(([id]) => id)
      .sort();
    const watched = resourcesOfType(t, "AWS::CloudWatch::Alarm")
      .filter(([, a]) => a.Properties.Namespace === "AWS/SQS")
      .map(([, a]) => a.Properties.Dimensions[0].Value["Fn::GetAtt"][0])
      .sort();
    // The two input queues (retry delay, notify) hold work in flight; every other is a failure queue.
    expect(watched).toEqual(queues.filter((q) => q !== "PollRetryQueue" && q !== "NotifyQueue"));
  });

  it("alarms on every function's errors", () => {
    const functions = resourcesOfType(t, "AWS::Lambda::Function")
      .map(([id]) => id)
      .sort();
    const watched = resourcesOfType(t, "AWS::CloudWatch::Alarm")
      .filter(([, a]) => a.Properties.MetricName === "Errors")
      .map(([, a]) => a.Properties.Dimensions[0].Value.Ref)
      .sort();
    expect(watched).toEqual(functions);
    expect(functions).toHaveLength(8);
  });

  it("sends every alarm to the topic parameter, and to nothing when it is empty (cfn-lint E3033)", () => {
    expect(t.Parameters?.AlarmTopicArn).toMatchObject({ Type: "String", Default: "" });
    expect(t.Conditions?.HasAlarmTopic).toEqual({
      "Fn::Not": [{ "Fn::Equals": [{ Ref: "AlarmTopicArn" }, ""] }],
    });
    const alarms = resourcesOfType(t, "AWS::CloudWatch::Alarm");
    // One Errors alarm a function (8) and one a failure queue (11, chat-action's included).
    expect(alarms).toHaveLength(19);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual({
        "Fn::If": ["HasAlarmTopic", [{ Ref: "AlarmTopicArn" }], { Ref: "AWS::NoValue" }],
      });
      expect(resolveValue(t, alarm.Properties).AlarmActions).toBeUndefined();
    }
  });
});

/** The metric names the code emits: every `addMetric("Name", ...)` in shared/ and functions/. */
function emittedMetrics(): string[] {
  const names = new Set<string>();
  for (const folder of ["shared", "functions"]) {
    for (const file of readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue;
      const code = readFileSync(join(root, folder, file), "utf8");
      for (const [, name] of code.matchAll(/addMetric\(\s*"(\w+)"/g)) names.add(name as string);
    }
  }
  return [...names].sort();
}

describe("the dashboard, packaged", () => {
  it("charts every metric the functions emit, and only those", () => {
    const [, dashboard] = resourcesOfType(t, "AWS::CloudWatch::Dashboard")[0] ?? [];
    expect(dashboard?.Properties.DashboardName).toBe("upgrade-shepherd-test");
    const body = JSON.parse(resolveValue(t, dashboard?.Properties.DashboardBody));
    const charted = new Set<string>();
    for (const widget of body.widgets) {
      expect(widget.properties.region).toBe("us-east-1");
      for (const line of widget.properties.metrics) {
        if (typeof line[0] === "string") {
          if (line[0] === "UpgradeShepherd") charted.add(line[1]);
        } else {
          const [, namespace, name] =
            /SEARCH\('\{([^,}]+)[^}]*\} MetricName="(\w+)"/.exec(line[0].expression) ?? [];
          if (namespace === "UpgradeShepherd") charted.add(name as string);
        }
      }
    }
    expect([...charted].sort()).toEqual(emittedMetrics());
    expect(emittedMetrics()).toEqual(
      expect.arrayContaining(["ClustersPolled", "PollErrors", "Events", "Actions", "Deliveries"]),
    );
  });
});

describe("the S3 config source, packaged (stage example-s3)", () => {
  let s3: Template;
  beforeAll(async () => {
    s3 = (await packageStack("example-s3")).template;
  }, 240_000);

  it.each(FUNCTIONS)("lets %s read the config object, and no SSM parameter", (_name, id) => {
    expect(s3.Resources[id]?.Properties.Environment.Variables).toMatchObject({
      SHEPHERD_CONFIG_S3_URI: "s3://ops-config/upgrade-shepherd/config.yaml",
      SHEPHERD_CONFIG_SSM_PARAMETER: "",
    });
    const grants = grantsOf(s3, id);
    expect(grants).toContain("s3:GetObject arn:aws:s3:::ops-config/upgrade-shepherd/config.yaml");
    expect(grants.filter((g) => g.startsWith("ssm:"))).toEqual([]);
  });
});
