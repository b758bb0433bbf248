import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { parseRelayKeyAuthorization } from "./parseRelayKeyAuthorization.ts";

const operator = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const relayKey = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const signature = `0x${"11".repeat(65)}`;
const at = { operator, nowSeconds: 1_000 } as const;

describe("parseRelayKeyAuthorization", () => {
  it("accepts what authorize prints (deadline as a number or a decimal string, extra fields ignored)", () => {
    for (const deadline of [2_000, "2000"]) {
      const text = JSON.stringify({ relayKey, operator, deadline, signature, chainId: 31337 });
      expect(parseRelayKeyAuthorization(text, at)).toEqual({
        ok: true,
        value: {
          relayKey: getAddress(relayKey),
          operator: getAddress(operator),
          deadline: 2_000,
          signature,
        },
      });
    }
  });

  it.each([
    ["", "This is not JSON: paste the whole line the authorize command printed"],
    [
      "[1,2]",
      "Expected {relayKey, operator, deadline, signature}: Invalid input: expected object, received array",
    ],
    [
      JSON.stringify({ operator, deadline: 2_000, signature }),
      "relayKey: Invalid input: expected string, received undefined",
    ],
    [
      JSON.stringify({ relayKey, operator, deadline: 2_000, signature: "0x12" }),
      "signature: expected a 65-byte signature as 0x-prefixed hex",
    ],
    [
      JSON.stringify({ relayKey, operator, deadline: -5, signature }),
      "deadline: Too small: expected number to be >0",
    ],
    [
      JSON.stringify({ relayKey, operator, deadline: 1.5, signature }),
      "deadline: Invalid input: expected int, received number",
    ],
  ])("refuses %j", (text, error) => {
    expect(parseRelayKeyAuthorization(text, at)).toEqual({ ok: false, error });
  });

  it("refuses an authorization for another wallet, naming the flag to fix", () => {
    const text = JSON.stringify({ relayKey, operator: relayKey, deadline: 2_000, signature });
    const parsed = parseRelayKeyAuthorization(text, at);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(`--operator ${getAddress(operator)}`);
  });

  it("refuses an expired authorization (deadline at or before now)", () => {
    const text = JSON.stringify({ relayKey, operator, deadline: 1_000, signature });
    expect(parseRelayKeyAuthorization(text, at)).toEqual({
      ok: false,
      error:
        "This authorization expired at 1970-01-01T00:16:40.000Z: run authorize again with a later --deadline",
    });
  });
});
