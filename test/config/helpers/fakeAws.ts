import type { AwsSdkClient } from "../../../shared/config/middyFetch.ts";

/**
 * AWS is the one thing these tests fake: SSM, S3 and Secrets Manager cannot be reached here.
 * Each fake answers the one command this module sends, the way the real API shapes its reply,
 * and records the command's input so tests can check what was asked.
 */
/** The command's input, after checking it is the one command the fake answers. */
function inputOf(command: never, expected: string): Record<string, unknown> {
  const { input } = command as { input: Record<string, unknown> };
  const name = (command as object).constructor.name;
  if (name !== expected) throw new Error(`unexpected ${name}`);
  return input;
}

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export class FakeSsm implements AwsSdkClient {
  readonly inputs: Record<string, unknown>[] = [];
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

  async send(command: never): Promise<unknown> {
    const input = inputOf(command, "GetParametersCommand");
    this.inputs.push(input);
    this.#firstCall.resolve();
    const names = input.Names as string[];
    return {
      Parameters: names
        .filter((name) => name in this.parameters)
        .map((name) => ({ Name: name, Type: "SecureString", Value: this.parameters[name] })),
      InvalidParameters: names.filter((name) => !(name in this.parameters)),
    };
  }
}

export class FakeS3 implements AwsSdkClient {
  readonly inputs: Record<string, unknown>[] = [];
  constructor(private readonly objects: Record<string, string>) {}

  async send(command: never): Promise<unknown> {
    const input = inputOf(command, "GetObjectCommand");
    this.inputs.push(input);
    const body = this.objects[`${input.Bucket}/${input.Key}`];
    if (body === undefined) throw awsError("NoSuchKey", "The specified key does not exist.");
    return { Body: { transformToString: async () => body } };
  }
}

export class FakeSecretsManager implements AwsSdkClient {
  readonly inputs: Record<string, unknown>[] = [];
  constructor(private readonly secrets: Record<string, string>) {}

  async send(command: never): Promise<unknown> {
    const input = inputOf(command, "GetSecretValueCommand");
    this.inputs.push(input);
    const secret = this.secrets[input.SecretId as string];
    if (secret === undefined) {
      throw awsError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return { Name: input.SecretId, SecretString: secret };
  }

  /** Lets a test change a secret between loads, as a rotation would. */
  set(secretId: string, value: string): void {
    this.secrets[secretId] = value;
  }
}
