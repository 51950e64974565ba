import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface OfflineStack {
  pid: number;
  lambdaUrl: string;
  /** Invokes a function through serverless-offline's Lambda endpoint, as the AWS SDK would. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface OfflineOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  lambdaPort: number;
  stage: string;
  service: string;
  /** Each line the stack prints, stdout and stderr alike. */
  onLine: (line: string) => void;
  /** How long to wait for the stack to listen. */
  readyTimeoutMs?: number;
  /** Stops waiting (and stops the stack) when aborted, as Ctrl-C during the start does. */
  signal?: AbortSignal | undefined;
}

/**
 * Starts `osls offline start` with the EventBridge plugin, from the same serverless.yml a
 * deployment uses, in its own process group so that stopping it stops everything it started.
 */
export async function startOffline(options: OfflineOptions): Promise<OfflineStack> {
  const child = spawn(
    process.execPath,
    [
      `${options.root}/node_modules/osls/bin/serverless.js`,
      "offline",
      "start",
      "--stage",
      options.stage,
    ],
    { cwd: options.root, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", options.onLine);
  }
  const lambdaUrl = `http://127.0.0.1:${options.lambdaPort}`;
  const stack: OfflineStack = {
    pid: child.pid ?? 0,
    lambdaUrl,
    invoke: async (functionName, event) => {
      const res = await fetch(
        `${lambdaUrl}/2015-03-31/functions/${options.service}-${options.stage}-${functionName}/invocations`,
        { method: "POST", body: JSON.stringify(event) },
      );
      return res.json();
    },
    stop: () => stopGroup(child),
  };
  try {
    await waitForPort(lambdaUrl, child, options.readyTimeoutMs ?? 60_000, options.signal);
  } catch (error) {
    // A stack that never became ready is still a process group: stop it before saying so.
    await stack.stop();
    throw error;
  }
  return stack;
}

async function waitForPort(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (child.exitCode !== null)
      throw new Error(`serverless-offline exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`serverless-offline did not listen on ${url} within ${timeoutMs} ms`);
}

/** SIGTERM to the whole process group, then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
