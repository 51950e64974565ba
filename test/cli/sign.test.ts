import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { captureIo } from "../helpers/capture-io.ts";

const HW_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
const HW_SIGNATURE = "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
/** Huawei's published example, without its key: each test adds the key its own way. */
const huaweiRequest = [
  "sign",
  "--provider",
  "huawei",
  "--method",
  "GET",
  "--url",
  "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
  "--header",
  "Content-Type: application/json",
  "--date",
  "2019-11-15T03:36:55Z",
];
const huaweiFlags = [...huaweiRequest, "--ak", "QTWAOYTTINDUT2QVKYUC", "--sk", HW_SK];

describe("upgrade-shepherd sign", () => {
  it("prints the canonical request, string to sign and headers of the published Huawei example", async () => {
    const io = captureIo();
    expect(await main(huaweiFlags, io)).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.stringToSign).toBe(
      "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
    expect(out.headers.Authorization).toContain(HW_SIGNATURE);
    expect(io.stdout()).not.toContain(HW_SK);
    // --sk works, and says what it costs.
    expect(io.stderr()).toContain("--sk shows the SK in the process list and shell history");
  });

  it("takes the SK from standard input with --sk-stdin (one trailing newline dropped)", async () => {
    const io = { ...captureIo(), readStdin: async () => `${HW_SK}\n` };
    expect(await main([...huaweiRequest, "--ak", "QTWAOYTTINDUT2QVKYUC", "--sk-stdin"], io)).toBe(
      0,
    );
    expect(JSON.parse(io.stdout()).headers.Authorization).toContain(HW_SIGNATURE);
    expect(io.stderr()).toBe("");
  });

  it("refuses --sk-stdin on a terminal, showing how to pipe the SK", async () => {
    const io = { ...captureIo(), readStdin: async () => undefined };
    expect(await main([...huaweiRequest, "--ak", "AK", "--sk-stdin"], io)).toBe(2);
    expect(io.stderr()).toContain('read -rs SK && printf %s "$SK" | upgrade-shepherd sign');
  });

  it("takes the key pair from a credential set in the environment with --credentials", async () => {
    const io = captureIo({
      SHEPHERD_CREDENTIALS_HUAWEI_EXAMPLE_AK: "QTWAOYTTINDUT2QVKYUC",
      SHEPHERD_CREDENTIALS_HUAWEI_EXAMPLE_SK: HW_SK,
    });
    expect(await main([...huaweiRequest, "--credentials", "huawei-example"], io)).toBe(0);
    expect(JSON.parse(io.stdout()).headers.Authorization).toContain("Access=QTWAOYTTINDUT2QVKYUC");
    expect(JSON.parse(io.stdout()).headers.Authorization).toContain(HW_SIGNATURE);
  });

  it("names the variable to set when the credential set is missing, and exits 2", async () => {
    const io = captureIo();
    expect(await main([...huaweiRequest, "--credentials", "huawei-example"], io)).toBe(2);
    expect(io.stderr()).toContain(
      'config SHEPHERD_CREDENTIALS_HUAWEI_EXAMPLE: credential set "huawei-example" is not set',
    );
  });

  it("signs --input entries that name a credential set instead of carrying the SK", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sign-"));
    const file = join(dir, "requests.json");
    await writeFile(
      file,
      JSON.stringify([
        {
          provider: "huawei",
          method: "GET",
          url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
          headers: { "Content-Type": "application/json" },
          credentials: "huawei-example",
          date: "2019-11-15T03:36:55Z",
        },
      ]),
    );
    const io = captureIo({
      SHEPHERD_CREDENTIALS_HUAWEI_EXAMPLE: JSON.stringify({
        ak: "QTWAOYTTINDUT2QVKYUC",
        sk: HW_SK,
      }),
    });
    expect(await main(["sign", "--input", file], io)).toBe(0);
    expect(JSON.parse(io.stdout())[0].headers.Authorization).toContain(HW_SIGNATURE);
  });

  it("signs a JSON array from --input in order, Alibaba included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sign-"));
    const file = join(dir, "requests.json");
    await writeFile(
      file,
      JSON.stringify([
        {
          provider: "alibaba",
          method: "POST",
          url: "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
          ak: "YourAccessKeyId",
          sk: "YourAccessKeySecret",
          action: "RunInstances",
          version: "2014-05-26",
          date: "2023-10-26T09:01:01Z",
          nonce: "d410180a5abf7fe235dd9b74aca91fc0",
        },
        {
          provider: "huawei",
          method: "PATCH",
          url: "http://127.0.0.1:8443/api/v3/projects/p/clusters/c/operation/upgradeworkflows/w",
          body: '{"status":{"phase":"Cancel"}}',
          ak: "AK2",
          sk: "SK-two-secret",
          token: "temp-token",
          projectId: "p",
          date: "2026-11-22T08:00:00Z",
        },
      ]),
    );
    const io = captureIo();
    expect(await main(["sign", "--input", file], io)).toBe(0);
    const [ali, hw] = JSON.parse(io.stdout());
    expect(ali.headers.Authorization).toContain(
      "Signature=e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804",
    );
    expect(hw.signedHeaders).toBe("content-type;host;x-project-id;x-sdk-date;x-security-token");
    expect(hw.headers.host).toBe("127.0.0.1:8443");
    expect(io.stdout()).not.toContain("SK-two-secret");
    expect(io.stdout()).not.toContain("YourAccessKeySecret");
  });

  it("names the bad field of an --input entry and exits 2, without echoing the SK", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sign-"));
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify([
        { provider: "gcp", method: "GET", url: "https://x/", ak: "a", sk: "leak-me-not" },
      ]),
    );
    const io = captureIo();
    expect(await main(["sign", "--input", file], io)).toBe(2);
    expect(io.stderr()).toContain("[0].provider");
    expect(io.stderr()).not.toContain("leak-me-not");
  });

  it("rejects an unknown flag with usage and exit 2", async () => {
    const io = captureIo();
    expect(await main(["sign", "--bogus"], io)).toBe(2);
    expect(io.stderr()).toContain("usage: upgrade-shepherd sign");
  });
});

describe("the upgrade-shepherd binary", () => {
  const run = promisify(execFile);
  const bin = new URL("../../bin/upgrade-shepherd.mjs", import.meta.url).pathname;

  it("prints usage on --help and exits 0", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    expect(stdout).toContain("usage: upgrade-shepherd <command>");
    expect(stdout).toContain("sign");
  });

  it("reads --sk-stdin from a real pipe", async () => {
    const child = spawn(process.execPath, [
      bin,
      ...huaweiRequest,
      "--ak",
      "QTWAOYTTINDUT2QVKYUC",
      "--sk-stdin",
    ]);
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stdin.end(`${HW_SK}\n`);
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).headers.Authorization).toContain(HW_SIGNATURE);
  });

  it("exits 2 on an unknown command", async () => {
    const error = (await run(process.execPath, [bin, "frobnicate"]).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("unknown command 'frobnicate'");
  });
});
