import { describe, expect, it } from "vitest";
import { cutTo, truncateBytes, truncateUnits, utf16Units } from "../../shared/notify/format.ts";
import { larkMd, markdownText, plainText, slackText } from "../../shared/notify/markup.ts";
import { neutralise, ZWSP } from "../../shared/notify/neutralise.ts";

const Z = ZWSP;

describe("neutralise: links, mentions, tags and controls made inert, text left readable", () => {
  it.each([
    ["https://evil.example/x?a=1", "https[:]//evil[.]example/x?a=1"],
    ["see www.evil.example now", "see www[.]evil[.]example now"],
    ["mail ops@evil.example", `mail ops@${Z}evil[.]example`],
    ["[click](https://e.io)", `[click]${Z}(https[:]//e[.]io)`],
    ["![img](x)", `!${Z}[img]${Z}(x)`],
    ["<!channel> <@U024BE7LH>", `<${Z}!channel> <${Z}@${Z}U024BE7LH>`],
    ['<at user_id="all"></at>', `<${Z}at user_id="all"><${Z}/at>`],
    ["@all and @13800001111", `@${Z}all and @${Z}13800001111`],
    ["&#60;at id=all&#62;", `&${Z}#60;at id=all&${Z}#62;`],
    ["# h\n> q\n- i\n1. n\n```", `${Z}# h\n${Z}> q\n${Z}- i\n${Z}1. n\n${Z}\`\`\``],
    ["a\u202Eb\u2066c\u200Fd\u0007e\r\nf", "abcde\nf"],
  ])("%j", (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it("leaves what no client links alone: versions, IPs, ids, times, plain prose", () => {
    for (const s of [
      "v1.28.5-r0 → v1.29.1-r0",
      "1.30.1-aliyun.1",
      "drain of node 192.168.0.12 timed out after 30m",
      "8978deaa-1743-11ee-8e46-0255ac10004c",
      "09:53–09:58 UTC 2025-03-01",
      "e.g. 3 < 4 and 5 > 2",
      "CCE.01400013",
    ]) {
      expect(neutralise(s)).toBe(s);
    }
  });

  it("is idempotent", () => {
    const s = "[a](https://evil.example) @all <!here> &#60;x&#62;\n# h";
    expect(neutralise(neutralise(s))).toBe(neutralise(s));
  });
});

describe("each channel's escaping, as its vendor documents it", () => {
  it("Slack: & < > as entities, after neutralise", () => {
    expect(slackText("a & b <!here> > c")).toBe(`a &amp; b &lt;${Z}!here&gt; &gt; c`);
  });

  it("Feishu lark_md: Feishu's numeric entities for the syntax characters", () => {
    expect(larkMd("*b* _i_ ~s~ `c` [l] <x> \\ &")).toBe(
      `&#42;b&#42; &#95;i&#95; &#126;s&#126; &#96;c&#96; &#91;l&#93; &#60;${Z}x&#62; &#92; &amp;`,
    );
  });

  it("Markdown (Teams, DingTalk, WeCom): backslash escapes, tags broken invisibly", () => {
    expect(markdownText("*b* _i_ `c` [l] ~s~ \\ <font>")).toBe(
      `\\*b\\* \\_i\\_ \\\`c\\\` \\[l\\] \\~s\\~ \\\\ <${Z}font>`,
    );
  });

  it("plain text: only neutralised", () => {
    expect(plainText("*b* <x> https://e.io")).toBe(`*b* <${Z}x> https[:]//e[.]io`);
  });
});

describe("cuts count in the vendor's unit and never split what they cut", () => {
  it("UTF-16 units: an emoji outside the BMP is two, and is never halved", () => {
    expect(utf16Units("🚀")).toBe(2);
    expect(truncateUnits("🚀🚀🚀", 4)).toBe("🚀…");
    expect(truncateUnits("ab👨‍👩‍👧cd", 6)).toBe("ab…");
  });

  it("bytes: UTF-8, on a grapheme boundary", () => {
    const cut = truncateBytes("é".repeat(10), 7);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(7);
    expect(cut).toBe("éé…");
  });

  it("an entity or a backslash escape is dropped whole rather than halved", () => {
    expect(cutTo("ab &amp;", 6, utf16Units)).toBe("ab …");
    expect(cutTo("ab &#42;cd", 7, utf16Units)).toBe("ab …");
    expect(cutTo("abc\\*d", 5, utf16Units)).toBe("abc…");
  });
});
