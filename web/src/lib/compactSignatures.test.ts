import { describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import {
  recoverAddress,
  parseCompactSignature,
  compactSignatureToSignature,
  serializeSignature,
  keccak256,
  toHex,
} from "viem";
import { packCompactSignatures } from "./compactSignatures.ts";

const key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

describe("packCompactSignatures", () => {
  it("compacts 65-byte signatures to 64 bytes that still recover the signer", async () => {
    const account = privateKeyToAccount(key);
    const hash = keccak256(toHex("attestation"));
    const signature = await account.sign({ hash });
    const packed = packCompactSignatures([signature]);
    expect((packed.length - 2) / 2).toBe(64);
    const recovered = await recoverAddress({
      hash,
      signature: serializeSignature(compactSignatureToSignature(parseCompactSignature(packed))),
    });
    expect(recovered).toBe(account.address);
  });
  it("concatenates in order and passes compact ones through", () => {
    const compact = `0x${"11".repeat(64)}` as const;
    expect(packCompactSignatures([compact, compact])).toBe(`0x${"11".repeat(128)}`);
  });
  it("rejects other lengths", () => {
    expect(() => packCompactSignatures(["0x1234"])).toThrow("64 or 65 bytes");
  });
});
