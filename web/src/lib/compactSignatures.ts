import {
  concatHex,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
  type Hex,
} from "viem";

/**
 * The `bytes signatures` RewardPools.claim takes: each signature as EIP-2098 compact (r, vs:
 * 64 bytes), concatenated in the order given (the coordinator sends them ascending by signer).
 * 65-byte signatures are compacted; 64-byte ones pass through.
 */
export function packCompactSignatures(signatures: readonly Hex[]): Hex {
  return concatHex(
    signatures.map((signature) => {
      const bytes = (signature.length - 2) / 2;
      if (bytes === 64) return signature;
      if (bytes === 65)
        return serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)));
      throw new Error(`A signature must be 64 or 65 bytes, got ${bytes}`);
    }),
  );
}
