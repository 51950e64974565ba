import { describe, expect, it } from "vitest";
import type { RequestOptions, SignedClient } from "../../shared/client/index.ts";
import { DeadlineError } from "../../shared/errors.ts";
import { CredentialGate } from "../../shared/poll/credentialGate.ts";
import { LimitedClients } from "../../shared/poll/limitedClient.ts";

// The read side's limits and deadline, over a client that records what it was asked: no network.
const request = {
  cloud: "huawei" as const,
  operation: "ListUpgradeClusterTasks",
  method: "GET" as const,
  endpoint: "https://cce.cn-north-4.myhuaweicloud.com",
  path: "/api/v3/projects/p/clusters/c/operation/upgrade/tasks",
  credentials: { ak: "AK", sk: "SK" },
};

function recordingClient() {
  const calls: RequestOptions[] = [];
  const client: SignedClient = {
    request: async (_req, options = {}) => {
      calls.push(options);
      return { status: 200, headers: {}, body: {}, raw: "{}", requestId: undefined, attempts: 1 };
    },
  };
  return { client, calls };
}

const limits = { perProvider: 4, perCredentialSet: 4 };

describe("limited clients under a deadline", () => {
  it("starts no request once the deadline has fired, and rejects with its reason", async () => {
    const { client, calls } = recordingClient();
    const deadline = new AbortController();
    deadline.abort(new DeadlineError(1_500));
    const clients = new LimitedClients(client, new CredentialGate(), limits, deadline.signal);
    await expect(clients.for("cce", "k").request(request)).rejects.toBeInstanceOf(DeadlineError);
    expect(calls).toHaveLength(0);
  });

  it("hands the deadline to the signed client, so a request in flight is cut", async () => {
    const { client, calls } = recordingClient();
    const deadline = new AbortController();
    const clients = new LimitedClients(client, new CredentialGate(), limits, deadline.signal);
    await clients.for("cce", "k").request(request);
    expect(calls[0]?.signal?.aborted).toBe(false);
    deadline.abort(new DeadlineError(1_500));
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(calls[0]?.signal?.reason).toBeInstanceOf(DeadlineError);
  });
});
