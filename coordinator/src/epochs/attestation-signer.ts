/**
 * Signs attestations with every attestor key and packs the signatures as RewardPools takes
 * them (compact, ascending signer). ECDSA signatures here are deterministic (RFC 6979), so
 * signing the same attestation again yields the same bytes: attestations can be signed when
 * first served instead of at epoch close.
 */
import { keccak256, stringToHex, type Hex, type LocalAccount, type TypedDataDomain } from "viem";
import { packAttestorSignatures, signAttestation, type Attestation } from "@streamrp2p/protocol";

export interface AttestationSigner {
  readonly attestors: readonly `0x${string}`[];
  /**
   * Names the attestor set (a hash of its sorted addresses): cached signatures are keyed by
   * it, so after a rotation nothing signed by a replaced set is served.
   */
  readonly setId: string;
  sign(attestation: Attestation): Promise<Hex>;
}

export function createAttestationSigner(
  accounts: readonly LocalAccount[],
  domain: TypedDataDomain,
): AttestationSigner {
  const attestors = accounts.map((a) => a.address);
  const sorted = attestors.map((a) => a.toLowerCase()).sort();
  return {
    attestors,
    setId: keccak256(stringToHex(sorted.join(","))).slice(2, 18),
    async sign(attestation) {
      const signatures = await Promise.all(
        accounts.map(async (a) => ({
          signer: a.address,
          signature: await signAttestation(a, domain, attestation),
        })),
      );
      return packAttestorSignatures(signatures);
    },
  };
}
