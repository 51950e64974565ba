import { describe, expect, it } from "vitest";
import { chunkBy } from "../../shared/chunkBy.ts";

const size = (s: string): number => s.length;

describe("chunkBy", () => {
  it("keeps order and cuts at the count", () => {
    expect(chunkBy(["a", "b", "c", "d", "e"], { maxCount: 2, maxBytes: 100, size })).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e"],
    ]);
  });

  it("cuts where the next item would pass the byte limit; the limit itself is allowed", () => {
    expect(chunkBy(["aaa", "bb", "c", "dddd"], { maxCount: 10, maxBytes: 5, size })).toEqual([
      ["aaa", "bb"],
      ["c", "dddd"],
    ]);
  });

  it("gives an item larger than the limit a chunk of its own, and none for no items", () => {
    expect(chunkBy(["a", "toolong", "b"], { maxCount: 10, maxBytes: 3, size })).toEqual([
      ["a"],
      ["toolong"],
      ["b"],
    ]);
    expect(chunkBy([], { maxCount: 10, maxBytes: 3, size })).toEqual([]);
  });
});
