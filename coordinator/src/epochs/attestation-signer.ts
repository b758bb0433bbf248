/**
 * Signs attestations with every attestor key and packs the signatures as RewardPools takes
 * them (compact, ascending signer). ECDSA signatures here are deterministic (RFC 6979), so
 * signing the same attestation again yields the same bytes: attestations can be signed when
 * first served instead of at epoch close.
 */
import type { Hex, LocalAccount, TypedDataDomain } from "viem";
import { packAttestorSignatures, signAttestation, type Attestation } from "@streamrp2p/protocol";

export interface AttestationSigner {
  readonly attestors: readonly `0x${string}`[];
  sign(attestation: Attestation): Promise<Hex>;
}

export function createAttestationSigner(
  accounts: readonly LocalAccount[],
  domain: TypedDataDomain,
): AttestationSigner {
  return {
    attestors: accounts.map((a) => a.address),
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
