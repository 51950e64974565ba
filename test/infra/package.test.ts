import { beforeAll, describe, expect, it } from "vitest";
import { NOTIFIABLE_TYPES } from "../../shared/notify/notifiableType.ts";
import {
  iamResources,
  packageStack,
  resourcesOfType,
  type Template,
} from "../helpers/package-stack.ts";

// The real serverless.yml, packaged by osls with serverless-esbuild; assertions on the
// CloudFormation template it produces.
let t: Template;
beforeAll(async () => {
  t = await packageStack();
}, 120_000);

const fn = (logicalId: string) => t.Resources[logicalId]?.Properties;
const ruleFor = (pattern: string) =>
  resourcesOfType(t, "AWS::Events::Rule").find(([, r]) =>
    JSON.stringify(r.Properties.EventPattern ?? {}).includes(`"${pattern}"`),
  )?.[1].Properties;

describe("serverless.yml, packaged", () => {
  it("deploys poll-status on nodejs22.x arm64, with the bus name and config source in its environment", () => {
    const p = fn("PollDashstatusLambdaFunction");
    expect(p.Runtime).toBe("nodejs22.x");
    expect(p.Architectures).toEqual(["arm64"]);
    expect(p.Handler).toBe("functions/poll-status/handler.handler");
    expect(p.Environment.Variables).toMatchObject({
      SHEPHERD_BUS_NAME: "upgrade-shepherd-test",
      SHEPHERD_CONFIG_SSM_PARAMETER: "/upgrade-shepherd/test/config",
      SHEPHERD_CREDENTIALS_SECRET_PREFIX: "upgrade-shepherd/test/credentials/",
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
    const mapping = resourcesOfType(t, "AWS::Lambda::EventSourceMapping")[0]?.[1].Properties;
    expect(mapping).toMatchObject({
      BatchSize: 1,
      EventSourceArn: { "Fn::GetAtt": ["PollRetryQueue", "Arn"] },
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

  it("gives poll-status Lambda async retries and an on-failure destination queue", () => {
    const conf = resourcesOfType(t, "AWS::Lambda::EventInvokeConfig").find(
      ([, r]) => r.Properties.FunctionName.Ref === "PollDashstatusLambdaFunction",
    )?.[1].Properties;
    expect(conf).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": ["PollStatusFailures", "Arn"] } },
      },
    });
  });

  it("grants no IAM statement a wildcard resource", () => {
    const resources = iamResources(t);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r).not.toBe("*");
    expect(JSON.stringify(resources)).toContain('"ShepherdBus","Arn"');
  });
});

describe("the action functions, packaged", () => {
  const actions = [
    ["TriggerDashpostcheck", "Postcheck Due", "TriggerPostcheckFailures"],
    ["CancelDashonDashfailure", "Cancel Due", "CancelOnFailureFailures"],
    ["ResumeDashupgrade", "Resume Due", "ResumeUpgradeFailures"],
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

  it.each(actions)("%s has async retries and its own on-failure queue", (id, _type, queue) => {
    const conf = resourcesOfType(t, "AWS::Lambda::EventInvokeConfig").find(
      ([, r]) => r.Properties.FunctionName.Ref === `${id}LambdaFunction`,
    )?.[1].Properties;
    expect(conf).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue, "Arn"] } } },
    });
    expect(t.Resources[queue]?.Type).toBe("AWS::SQS::Queue");
    expect(fn(`${id}LambdaFunction`).Runtime).toBe("nodejs22.x");
  });
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
    const conf = resourcesOfType(t, "AWS::Lambda::EventInvokeConfig").find(
      ([, r]) => r.Properties.FunctionName.Ref === "DeliverLambdaFunction",
    )?.[1].Properties;
    expect(conf).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": ["DeliverFailures", "Arn"] } },
      },
    });
    expect(fn("DeliverLambdaFunction").Environment.Variables.SHEPHERD_RECEIVER_SECRET_PREFIX).toBe(
      "upgrade-shepherd/test/receivers/",
    );
  });

  it("scopes the secrets to the credential and receiver prefixes", () => {
    const secrets = JSON.stringify(
      iamResources(t).filter((r) => JSON.stringify(r).includes("secretsmanager")),
    );
    expect(secrets).toContain("secret:upgrade-shepherd/test/credentials/*");
    expect(secrets).toContain("secret:upgrade-shepherd/test/receivers/*");
  });
});

describe("chat-action, packaged", () => {
  it("has a function URL (verified per request), a reserved concurrency and its own failure queue", () => {
    expect(t.Resources.ChatDashactionLambdaFunctionUrl?.Properties).toMatchObject({
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": ["ChatDashactionLambdaFunction", "Arn"] },
    });
    expect(fn("ChatDashactionLambdaFunction")?.ReservedConcurrentExecutions).toBe(5);
    expect(fn("ChatDashactionLambdaFunction")?.Environment.Variables.SHEPHERD_CHAT_SECRET_ID).toBe(
      "upgrade-shepherd/test/chat",
    );
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

  it("gets each Action Requested back from the bus, with a retry policy and a dead-letter queue", () => {
    expect(ruleFor("Action Requested")?.Targets[0]).toMatchObject({
      Arn: { "Fn::GetAtt": ["ChatDashactionLambdaFunction", "Arn"] },
      DeadLetterConfig: { Arn: { "Fn::GetAtt": ["RuleDeliveryFailures", "Arn"] } },
    });
  });

  it("gives deliver the URL its signed links point at, and the chat secret to sign them", () => {
    expect(fn("DeliverLambdaFunction")?.Environment.Variables).toMatchObject({
      SHEPHERD_CHAT_ACTION_URL: {
        "Fn::GetAtt": ["ChatDashactionLambdaFunctionUrl", "FunctionUrl"],
      },
      SHEPHERD_CHAT_SECRET_ID: "upgrade-shepherd/test/chat",
    });
    const secrets = JSON.stringify(iamResources(t));
    expect(secrets).toContain("secret:upgrade-shepherd/test/chat-*");
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
    expect(functions).toHaveLength(7);
  });
});
