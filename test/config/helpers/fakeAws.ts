import type { GetObjectCommand } from "@aws-sdk/client-s3";
import type { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { GetParameterCommand } from "@aws-sdk/client-ssm";
import type { S3Like, SecretsManagerLike, SsmLike } from "../../../shared/config/awsClients.ts";

/**
 * AWS is the one thing these tests fake: SSM, S3 and Secrets Manager cannot be reached here.
 * Each fake answers the one command its store sends, shaped as the real API replies (errors
 * carry the API's exception name), and records each command's input so tests can check what
 * was asked, and how often.
 */
function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Checks the command is the one the fake answers, by the SDK's own class name. */
function expectCommand(command: { constructor: { name: string } }, expected: string): void {
  if (command.constructor.name !== expected) {
    throw new Error(`unexpected ${command.constructor.name}`);
  }
}

export class FakeSsm implements SsmLike {
  readonly inputs: GetParameterCommand["input"][] = [];
  readonly #firstCall: { promise: Promise<void>; resolve: () => void };
  constructor(private readonly parameters: Record<string, string>) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.#firstCall = { promise, resolve };
  }

  /** Settles when the first request arrives, so a test can see a load start without sleeping. */
  get firstCall(): Promise<void> {
    return this.#firstCall.promise;
  }

  /** Lets a test edit a parameter between loads. */
  set(name: string, value: string): void {
    this.parameters[name] = value;
  }

  async send(command: GetParameterCommand) {
    expectCommand(command, "GetParameterCommand");
    this.inputs.push(command.input);
    this.#firstCall.resolve();
    const name = command.input.Name ?? "";
    const value = this.parameters[name];
    // SSM's GetParameter answers an unknown name with a ParameterNotFound exception.
    if (value === undefined) throw awsError("ParameterNotFound", "");
    return { Parameter: { Name: name, Type: "SecureString", Value: value } };
  }
}

export class FakeS3 implements S3Like {
  readonly inputs: GetObjectCommand["input"][] = [];
  constructor(private readonly objects: Record<string, string>) {}

  async send(command: GetObjectCommand) {
    expectCommand(command, "GetObjectCommand");
    this.inputs.push(command.input);
    const body = this.objects[`${command.input.Bucket}/${command.input.Key}`];
    if (body === undefined) throw awsError("NoSuchKey", "The specified key does not exist.");
    return { Body: { transformToString: async () => body } };
  }
}

export class FakeSecretsManager implements SecretsManagerLike {
  readonly inputs: GetSecretValueCommand["input"][] = [];
  constructor(private readonly secrets: Record<string, string>) {}

  async send(command: GetSecretValueCommand) {
    expectCommand(command, "GetSecretValueCommand");
    this.inputs.push(command.input);
    const secretId = command.input.SecretId ?? "";
    const secret = this.secrets[secretId];
    if (secret === undefined) {
      throw awsError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return { Name: secretId, SecretString: secret };
  }

  /** Lets a test change a secret between loads, as a rotation would. */
  set(secretId: string, value: string): void {
    this.secrets[secretId] = value;
  }
}
