/** What this module needs of an AWS SDK v3 client, so tests can hand in a fake. */
export interface AwsSdkClient {
  send(command: never): Promise<unknown>;
}

/**
 * @middy/ssm and @middy/secrets-manager are how this project reads those stores. Outside a
 * handler (the CLI, a loader that starts at cold start) their `before` runs on a bare request,
 * and the values they leave in `request.internal` are read here, each settled on its own so one
 * missing secret does not hide the others.
 */
export async function fetchWithMiddy(
  middleware: { before?: (request: never) => unknown },
  keys: readonly string[],
): Promise<Map<string, PromiseSettledResult<unknown>>> {
  const request = {
    event: {},
    context: {},
    response: null,
    error: null,
    internal: {} as Record<string, unknown>,
  };
  await middleware.before?.(request as never);
  const settled = await Promise.allSettled(keys.map((key) => request.internal[key]));
  return new Map(keys.map((key, i) => [key, settled[i] as PromiseSettledResult<unknown>]));
}

/**
 * middy builds its client from a class. To give it a client that already exists (a test fake, an
 * instrumented client), hand it a constructor that returns that instance.
 */
export function awsClientClass(client: AwsSdkClient): new () => AwsSdkClient {
  return function InjectedAwsClient() {
    return client;
  } as unknown as new () => AwsSdkClient;
}

/** For messages: AWS errors carry their code in `name` and say what was refused in `message`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.length > 300 ? `${error.message.slice(0, 297)}...` : error.message;
  return error.name === "Error" || !message ? message || error.name : `${error.name}: ${message}`;
}
