import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { redactor } from "../../cli/redact.ts";
import { captureIo } from "../helpers/capture-io.ts";

// Issue 14, point 5: no error path of any command prints a secret, or part of one. Each case
// puts a marker secret where a user could misplace one and checks every 8-character window of
// it against everything the command wrote.
const MARKER = "Zq7MARKERsecretValue9Xk2Lw4Pn6Rt8";

/** The first window of the marker found in `text`, or null. */
function leak(text: string, secret = MARKER): string | null {
  for (let i = 0; i + 8 <= secret.length; i++) {
    const part = secret.slice(i, i + 8);
    if (text.includes(part)) return part;
  }
  return null;
}

const signFlags = [
  "sign",
  "--provider",
  "huawei",
  "--method",
  "GET",
  "--url",
  "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/p/clusters",
  "--date",
  "2019-11-15T03:36:55Z",
];

let dir: string;
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-secrets-"));
});

describe("every command's error paths with a marker secret", () => {
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    [
      "sign: the SK given as a stray argument after --ak's value (issue 14's first case)",
      async () => [...signFlags, "--ak", "QTWAOYTTINDUT2QVKYUC", MARKER],
      /unexpected argument 11, after --ak's value \(not shown/,
    ],
    [
      "sign: --sk's value misplaced after a flag that takes none",
      async () => [...signFlags, "--ak", "AK", "--sk-stdin", MARKER],
      /unexpected argument 12, after --sk-stdin/,
    ],
    [
      "sign: --input holding malformed JSON right after the SK (issue 14's second case)",
      async () => [
        "sign",
        "--input",
        await file(
          "bad.json",
          `[{"provider": "huawei", "method": "GET", "url": "https://x.example.com/", "ak": "AK", "sk": "${MARKER}" "token": "t"}]`,
        ),
      ],
      /not valid JSON at line 1, column \d+: Expected ',' or '}' after property value/,
    ],
    [
      "sign: --input with a trailing comma, which V8 reports by quoting the text",
      async () => ["sign", "--input", await file("comma.json", `[{"sk": "${MARKER}"},]`)],
      /not valid JSON/,
    ],
    [
      "sign: --input with the SK pasted as a key",
      async () => [
        "sign",
        "--input",
        await file(
          "key.json",
          JSON.stringify([
            {
              provider: "huawei",
              method: "GET",
              url: "https://x.example.com/",
              ak: "AK",
              sk: "s",
              [MARKER]: "",
            },
          ]),
        ),
      ],
      /\[0\]: unknown field \(not shown\)/,
    ],
    [
      "sign: --input whose entry fails validation next to its SK",
      async () => [
        "sign",
        "--input",
        await file(
          "invalid.json",
          JSON.stringify([
            { provider: "gcp", method: "GET", url: "https://x/", ak: "a", sk: MARKER },
          ]),
        ),
      ],
      /\[0\]\.provider/,
    ],
    [
      "sign: a malformed --header carrying a token",
      async () => [
        ...signFlags,
        "--ak",
        "AK",
        "--sk",
        "s",
        "--header",
        `X-Security-Token=${MARKER}`,
      ],
      /--header number 1 is not K:V/,
    ],
    [
      "sign: --sk whose value starts with a dash, then a stray argument",
      async () => [...signFlags, "--ak", "AK", "--sk", `-${MARKER}`, "stray"],
      /unexpected argument 13/,
    ],
    [
      "poll: the SK as a stray argument",
      async () => ["poll", "--config", "c.yaml", MARKER],
      /unexpected argument 3/,
    ],
    [
      "poll: a secret given to --at",
      async () => ["poll", "--config", "c.yaml", "--at", MARKER],
      /--at is not an ISO time/,
    ],
    [
      "poll: a JSON config that breaks next to a pasted secret",
      async () => [
        "poll",
        "--config",
        await file("config.json", `{"clusters": [{"provider": "cce", "note": "${MARKER}" }],}`),
      ],
      /config .*config\.json: not valid JSON/,
    ],
    [
      "simulate: --credentials without its colon",
      async () => ["simulate", "--credentials", MARKER],
      /--credentials wants AK:SK \(number 1 is not\)/,
    ],
    [
      "simulate: a key pair as a stray argument",
      async () => ["simulate", "--port", "0", `AK:${MARKER}`],
      /unexpected argument 3/,
    ],
    [
      "sink: the signing secret as a stray argument",
      async () => ["sink", "--json", MARKER],
      /unexpected argument 2, after --json/,
    ],
    [
      "sink: a behaviours file that is not YAML, next to its verify secret",
      async () => [
        "sink",
        "--behaviours",
        await file("b.yaml", `"/webhook":\n  verify: { secret: "${MARKER}" ]\n`),
      ],
      /not JSON or YAML: .* at line 2/,
    ],
    ["demo: a secret as a stray argument", async () => ["demo", MARKER], /unexpected argument 1/],
    [
      "demo: a secret given to --speed",
      async () => ["demo", "--speed", MARKER],
      /--speed must be a whole number/,
    ],
    [
      "the command itself is the secret",
      async () => [MARKER, "sign"],
      /unknown command \(not shown/,
    ],
  ];

  for (const [name, args, says] of cases) {
    it(`${name}: exit 2, says what is wrong, shows no part of the secret`, async () => {
      const io = captureIo();
      const code = await main(await args(), io);
      expect(code).toBe(2);
      expect(io.stderr()).toMatch(says);
      expect(leak(io.stderr())).toBeNull();
      expect(leak(io.stdout())).toBeNull();
    });
  }

  it("sign refuses a misplaced secret given as --method, in any letter case (a new user's find)", async () => {
    const args = [...signFlags, "--ak", "AK", "--sk", "sk"];
    args[args.indexOf("GET")] = MARKER;
    const io = captureIo();
    expect(await main(args, io)).toBe(2);
    expect(io.stderr()).toMatch(/method: Invalid option/);
    const all = `${io.stdout()}${io.stderr()}`.toLowerCase();
    expect(leak(all, MARKER.toLowerCase())).toBeNull();
  });

  it("a credential set in the environment is redacted from whatever an error quotes", async () => {
    // The set's secret is quoted in a file name the command echoes: the redactor still hides it.
    const env = { SHEPHERD_CREDENTIALS_PROD: JSON.stringify({ ak: "AKPUBLIC", sk: MARKER }) };
    const io = captureIo(env);
    expect(await main(["poll", "--config", `/no/such/${MARKER}.yaml`], io)).toBe(2);
    expect(io.stderr()).toContain("--config: cannot read /no/such/[redacted].yaml (ENOENT)");
    expect(leak(io.stderr())).toBeNull();
  });
});

describe("the redactor", () => {
  it("hides whole secrets and quoted fragments of 8 characters or more, and nothing else", () => {
    const redact = redactor([MARKER, "short"]);
    expect(redact(`a '${MARKER}' b`)).toBe("a '[redacted]' b");
    expect(redact(`JSON window "...${MARKER.slice(5, 17)}..."`)).toBe(
      'JSON window "...[redacted]..."',
    );
    expect(redact(`7 characters: ${MARKER.slice(0, 7)}`)).toBe(
      `7 characters: ${MARKER.slice(0, 7)}`,
    );
    // Values shorter than 6 characters would blot out ordinary words.
    expect(redact("a short word")).toBe("a short word");
  });
});
