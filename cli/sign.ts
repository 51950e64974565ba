import { randomUUID } from "node:crypto";
import * as z from "zod";
import { ACK_API_VERSION } from "../shared/client/client.ts";
import type { Credentials } from "../shared/client/types.ts";
import { loadCredentialsFromEnv } from "../shared/config/loadCredentials.ts";
import { ShepherdError } from "../shared/errors.ts";
import { signAlibaba } from "../shared/signing/alibaba.ts";
import { signHuawei } from "../shared/signing/huawei.ts";
import type { SignedRequest } from "../shared/signing/types.ts";
import { looksLikeAName, parseCommandArgs, UsageError } from "./args.ts";
import { EXIT } from "./exitCodes.ts";
import { type CliIo, redactingIo } from "./io.ts";
import { readOptionFile } from "./readOptionFile.ts";
import { describeJsonError, secretsInJson } from "./redact.ts";

const USAGE = `usage: upgrade-shepherd sign --provider huawei|alibaba --method M --url URL
         (--credentials NAME | --ak AK --sk-stdin | --ak AK --sk SK [--token T])
         [--header K:V]... [--body STRING] [--project-id P] [--action A] [--version V]
         [--date ISO] [--nonce N]
       upgrade-shepherd sign --input FILE

Prints the canonical request, the string to sign and the headers to send, as JSON,
so a rejected signature can be compared step by step with what the gateway computed.

The key, without putting the SK in the process list or shell history:
  --credentials NAME  the credential set NAME from the environment, as poll reads it:
                      SHEPHERD_CREDENTIALS_<NAME>='{"ak":"...","sk":"...","token"?:"..."}',
                      or SHEPHERD_CREDENTIALS_<NAME>_AK, _SK and _TOKEN
  --sk-stdin          the SK from standard input (one trailing newline is dropped)
--sk SK also works, but shows the SK to anyone who can list processes.

--input takes a JSON array of requests with the same fields in camelCase (each entry with
"ak" and "sk", or "credentials": NAME) and prints an array of results in the same order.
The SK is never printed, in results or in errors. Exits 0 when signed, 2 otherwise.
`;

const StringMap = z.record(z.string(), z.string());

/** One request to sign; the flags and `--input` entries share this shape. */
export const SignInputSchema = z
  .object({
    provider: z.enum(["huawei", "alibaba"]),
    // Only the methods the clouds' APIs use: any other value is refused unechoed, since a
    // misplaced secret given as the method would otherwise be printed in the canonical request.
    method: z
      .string()
      .min(1)
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])),
    url: z.url(),
    headers: StringMap.default({}),
    body: z.string().optional(),
    ak: z.string().min(1).optional(),
    sk: z.string().min(1).optional(),
    token: z.string().optional(),
    credentials: z.string().min(1).optional(),
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
  })
  .refine((r) => (r.credentials === undefined) !== (r.ak === undefined && r.sk === undefined), {
    message: "give ak and sk, or credentials (a credential set's name), not both",
    path: ["credentials"],
  })
  .refine((r) => r.credentials !== undefined || (r.ak && r.sk), {
    message: "needs both ak and sk",
    path: ["sk"],
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
export function signInput(input: SignInput, credentials: Credentials): SignOutput {
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
  let values: Values;
  try {
    values = parseCommandArgs(args, OPTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upgrade-shepherd sign: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  try {
    if (values.input !== undefined) return await signFile(values, io);
    if (values.sk !== undefined) {
      io.err(
        "upgrade-shepherd sign: --sk shows the SK in the process list and shell history; --credentials NAME or --sk-stdin do not\n",
      );
    }
    const input = parseInput(
      {
        provider: values.provider,
        method: values.method,
        url: values.url,
        headers: headersFrom(values.header ?? []),
        body: values.body,
        ak: values.ak,
        sk: await skFrom(values, io),
        token: values.token,
        credentials: values.credentials,
        projectId: values["project-id"],
        action: values.action,
        version: values.version,
        date: values.date,
        nonce: values.nonce,
      },
      "",
    );
    io.out(`${JSON.stringify(signInput(input, credentialsOf(input, io.env)), null, 2)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    io.err(`upgrade-shepherd sign: ${error.message}\n`);
    return EXIT.usage;
  }
}

const OPTIONS = {
  provider: { type: "string" },
  method: { type: "string" },
  url: { type: "string" },
  header: { type: "string", multiple: true },
  body: { type: "string" },
  ak: { type: "string" },
  sk: { type: "string" },
  "sk-stdin": { type: "boolean" },
  token: { type: "string" },
  credentials: { type: "string" },
  "project-id": { type: "string" },
  action: { type: "string" },
  version: { type: "string" },
  date: { type: "string" },
  nonce: { type: "string" },
  input: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;

/** `--input FILE`: every request from the file; its secrets are redacted from errors too. */
async function signFile(values: Values, io: CliIo): Promise<number> {
  const flags = Object.keys(values).filter((k) => k !== "input");
  if (flags.length > 0) {
    throw new UsageError(`--input takes every field from the file; drop --${flags[0]}`);
  }
  const path = values.input ?? "";
  const text = await readOptionFile("input", path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input ${path}: ${describeJsonError(error, text)}`);
  }
  const safe = redactingIo(io, secretsInJson(data));
  if (!Array.isArray(data)) throw new UsageError(`--input ${path}: must be a JSON array`);
  try {
    const results = data.map((entry, i) => {
      const input = parseInput(entry, `[${i}]`);
      return signInput(input, credentialsOf(input, io.env));
    });
    io.out(`${JSON.stringify(results, null, 2)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ShepherdError)) throw error;
    safe.err(`upgrade-shepherd sign: --input ${path}: ${error.message}\n`);
    return EXIT.usage;
  }
}

/** `--sk`, or standard input with `--sk-stdin`, or nothing (`--credentials` brings its own). */
async function skFrom(values: Values, io: CliIo): Promise<string | undefined> {
  if (!values["sk-stdin"]) return values.sk;
  if (values.sk !== undefined) throw new UsageError("give --sk or --sk-stdin, not both");
  const text = await io.readStdin?.();
  if (text === undefined) {
    throw new UsageError(
      `--sk-stdin reads a pipe, not a terminal: read -rs SK && printf %s "$SK" | upgrade-shepherd sign ... --sk-stdin`,
    );
  }
  const sk = text.replace(/\r?\n$/, "");
  if (sk === "") throw new UsageError("--sk-stdin: standard input was empty");
  return sk;
}

/** `K:V` pairs; a bad one is named by its position, since a header may carry a token. */
function headersFrom(pairs: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  pairs.forEach((h, i) => {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new UsageError(`--header number ${i + 1} is not K:V`);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  });
  return headers;
}

/** The key pair: given inline, or the named credential set, read by shared/config. */
function credentialsOf(input: SignInput, env: NodeJS.ProcessEnv): Credentials {
  if (input.credentials === undefined) {
    return { ak: input.ak ?? "", sk: input.sk ?? "", token: input.token };
  }
  if (input.ak !== undefined || input.token !== undefined) {
    throw new UsageError("credentials brings its own ak and token; drop ak and token");
  }
  return loadCredentialsFromEnv([input.credentials], env).get(input.credentials);
}

/**
 * Validates one request, naming the bad field but never a value (it may be the SK), nor an
 * unknown key that does not look like a field name (a pasted secret can end up as a key).
 */
function parseInput(raw: unknown, where: string): SignInput {
  const result = SignInputSchema.safeParse(
    raw && typeof raw === "object"
      ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))
      : raw,
  );
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = `${where}${where && issue?.path.length ? "." : ""}`;
  if (issue?.code === "unrecognized_keys") {
    const names = issue.keys.filter(looksLikeAName);
    const shown = names.length === issue.keys.length ? names.join(", ") : "(not shown)";
    throw new UsageError(`${at || "(request)"}: unknown field ${shown}`);
  }
  const path = issue?.path.length ? issue.path.join(".") : "(request)";
  throw new UsageError(`${at}${path}: ${issue?.message ?? "invalid"}`);
}
