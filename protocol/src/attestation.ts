/**
 * Attestations as the RewardPools contract takes them: EIP-712 signatures by the attestors,
 * packed as compact (EIP-2098 `r`, `vs`) signatures in ascending signer order.
 */
import {
  concat,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
  type Address,
  type Hex,
  type LocalAccount,
  type TypedDataDomain,
} from "viem";
import { attestationTypes, type Attestation } from "./eip712.ts";

/** One attestor's 65-byte EIP-712 signature of `attestation`. */
export function signAttestation(
  attestor: LocalAccount,
  domain: TypedDataDomain,
  attestation: Attestation,
): Promise<Hex> {
  return attestor.signTypedData({
    domain,
    types: attestationTypes,
    primaryType: "Attestation",
    message: attestation,
  });
}

/** Packs attestor signatures for `claim`: compact form, sorted by ascending signer address. */
export function packAttestorSignatures(signatures: { signer: Address; signature: Hex }[]): Hex {
  const sorted = [...signatures].sort((a, b) => {
    const x = BigInt(a.signer);
    const y = BigInt(b.signer);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return concat(
    sorted.map((s) =>
      serializeCompactSignature(signatureToCompactSignature(parseSignature(s.signature))),
    ),
  );
}
