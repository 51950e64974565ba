import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import * as z from "zod";
import { ACK_API_VERSION } from "../client/client.ts";
import { signAlibaba } from "../signing/alibaba.ts";
import { signHuawei } from "../signing/huawei.ts";
import type { SignedRequest } from "../signing/types.ts";
import type { CliIo } from "./io.ts";

const USAGE = `usage: upgrade-shepherd sign --provider huawei|alibaba --method M --url URL
         [--header K:V]... [--body STRING] --ak AK --sk SK [--token T]
         [--project-id P] [--action A] [--version V] [--date ISO] [--nonce N]
       upgrade-shepherd sign --input FILE

Prints the canonical request, the string to sign and the headers to send, as JSON,
so a rejected signature can be compared step by step with what the gateway computed.
--input takes a JSON array of requests with the same fields in camelCase and prints an
array of results in the same order. The SK is never printed.
`;

/** One request to sign; the flags and `--input` entries share this shape. */
export const SignInputSchema = z
  .object({
    provider: z.enum(["huawei", "alibaba"]),
    method: z
      .string()
      .min(1)
      .transform((m) => m.toUpperCase()),
    url: z.url(),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    ak: z.string().min(1),
    sk: z.string().min(1),
    token: z.string().optional(),
    projectId: z.string().optional(),
    action: z.string().optional(),
    version: z.string().optional(),
    date: z.iso.datetime({ offset: true }).optional(),
    nonce: z.string().optional(),
  })
  .strict()
  .refine((r) => r.provider !== "alibaba" || r.action, {
    message: "alibaba requests need an action (the x-acs-action header)",
    path: ["action"],
  });
export type SignInput = z.infer<typeof SignInputSchema>;

export interface SignOutput {
  provider: SignInput["provider"];
  method: string;
  url: string;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  headers: Record<string, string>;
}

/** Signs one request with our signers; date and nonce default to now and a random UUID. */
export function signInput(input: SignInput): SignOutput {
  const credentials = { ak: input.ak, sk: input.sk, token: input.token };
  const request = {
    method: input.method,
    url: input.url,
    headers: input.headers,
    body: input.body,
  };
  const date = input.date ? new Date(input.date) : new Date();
  const signed: SignedRequest =
    input.provider === "huawei"
      ? signHuawei(request, { credentials, date, projectId: input.projectId })
      : signAlibaba(request, {
          credentials,
          date,
          nonce: input.nonce ?? randomUUID(),
          action: input.action ?? "",
          version: input.version ?? ACK_API_VERSION,
        });
  return {
    provider: input.provider,
    method: input.method,
    url: input.url,
    canonicalRequest: signed.canonicalRequest,
    stringToSign: signed.stringToSign,
    signedHeaders: signed.signedHeaders,
    headers: signed.headers,
  };
}

export async function signCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(args);
  } catch (error) {
    io.err(`upgrade-shepherd sign: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    if (values.input !== undefined) {
      const list = z.array(z.unknown()).parse(JSON.parse(await readFile(values.input, "utf8")));
      const results = list.map((entry, i) => signInput(parseInput(entry, `[${i}]`)));
      io.out(`${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    const headers: Record<string, string> = {};
    for (const h of values.header ?? []) {
      const colon = h.indexOf(":");
      if (colon <= 0) throw new UsageError(`--header ${JSON.stringify(h)} is not K:V`);
      headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    }
    const input = parseInput(
      {
        provider: values.provider,
        method: values.method,
        url: values.url,
        headers,
        body: values.body,
        ak: values.ak,
        sk: values.sk,
        token: values.token,
        projectId: values["project-id"],
        action: values.action,
        version: values.version,
        date: values.date,
        nonce: values.nonce,
      },
      "",
    );
    io.out(`${JSON.stringify(signInput(input), null, 2)}\n`);
    return 0;
  } catch (error) {
    io.err(`upgrade-shepherd sign: ${(error as Error).message}\n`);
    return 2;
  }
}

class UsageError extends Error {}

const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    options: {
      provider: { type: "string" },
      method: { type: "string" },
      url: { type: "string" },
      header: { type: "string", multiple: true },
      body: { type: "string" },
      ak: { type: "string" },
      sk: { type: "string" },
      token: { type: "string" },
      "project-id": { type: "string" },
      action: { type: "string" },
      version: { type: "string" },
      date: { type: "string" },
      nonce: { type: "string" },
      input: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });

/** Validates one request, naming the bad field but never echoing a value (it may be the SK). */
function parseInput(raw: unknown, where: string): SignInput {
  const result = SignInputSchema.safeParse(
    raw && typeof raw === "object"
      ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))
      : raw,
  );
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "(request)";
  throw new UsageError(`${where}${where ? "." : ""}${path}: ${issue?.message ?? "invalid"}`);
}
