import type { Address } from "viem";
import type { CoordinatorClient } from "../coordinator/createCoordinatorClient.ts";
import {
  getRelayAttestations,
  type SignedAttestation,
} from "../coordinator/getRelayAttestations.ts";
import type { ChainReader } from "./ChainClients.ts";
import { readClaimed } from "./readClaimed.ts";

export interface ClaimablePool {
  readonly attestation: SignedAttestation;
  /** Already paid out of this pool to the account. */
  readonly claimed: bigint;
  /** What a claim pays now: attested total minus claimed. */
  readonly claimable: bigint;
}

/**
 * The coordinator's latest attestations for `account`, each with what the chain has already
 * paid; only pools with something left to claim (claimBatch reverts if one pays nothing).
 */
export async function getClaimable(
  clients: ChainReader,
  { coordinator, account }: { coordinator: CoordinatorClient; account: Address },
): Promise<ClaimablePool[]> {
  const attestations = await getRelayAttestations(coordinator, { address: account });
  const mine = attestations.filter((a) => a.account.toLowerCase() === account.toLowerCase());
  const claimed = await Promise.all(
    mine.map((a) => readClaimed(clients, { poolId: a.poolId, account })),
  );
  return mine
    .map((attestation, i) => {
      const paid = claimed[i]?.cumulativeAmount ?? 0n;
      return {
        attestation,
        claimed: paid,
        claimable: attestation.cumulativeAmount > paid ? attestation.cumulativeAmount - paid : 0n,
      };
    })
    .filter((pool) => pool.claimable > 0n);
}
