import { describe, expect, it } from "vitest";
import { shortAddress } from "./shortAddress.ts";

describe("shortAddress", () => {
  it("keeps the start and the end", () => {
    expect(shortAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")).toBe("0xf39f…2266");
  });
});
