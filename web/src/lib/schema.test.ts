import { streamInfo } from "@streamrp2p/protocol/api";
import { describe, expect, it } from "vitest";
import { streamJson } from "../test/fixtures.ts";
import { listOf } from "./schema.ts";

describe("listOf", () => {
  const schema = listOf(streamInfo, "streams");
  it("accepts a bare array or the array under its key", () => {
    expect(schema.safeParse([streamJson])).toMatchObject({
      success: true,
      data: [{ name: streamJson.name }],
    });
    expect(schema.safeParse({ streams: [streamJson] })).toMatchObject({
      success: true,
      data: [{ name: streamJson.name }],
    });
  });
  it("rejects other shapes and bad items", () => {
    expect(schema.safeParse({ items: [] }).success).toBe(false);
    expect(schema.safeParse([{ ...streamJson, streamId: "nope" }]).success).toBe(false);
  });
});
