import type { Address, Hex } from "viem";
import { relayAttestationsResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** A claimable attestation: what `account` has earned from `poolId` in total, signed. */
export interface SignedAttestation {
  readonly poolId: bigint;
  readonly account: Address;
  readonly cumulativeBytes: bigint;
  readonly cumulativeAmount: bigint;
  /** The attestors' EIP-2098 compact signatures, packed in ascending signer order. */
  readonly signatures: Hex;
  /** The epoch that last moved it. */
  readonly epoch: number;
}

/** GET /v1/relays/:address/attestations: the relay's latest attestation per pool. */
export async function getRelayAttestations(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal | undefined },
): Promise<SignedAttestation[]> {
  const { attestations } = await coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/attestations`,
    schema: relayAttestationsResponse,
    signal,
  });
  return attestations.map((a) => ({
    poolId: BigInt(a.poolId),
    account: a.account,
    cumulativeBytes: BigInt(a.cumulativeBytes),
    cumulativeAmount: BigInt(a.cumulativeAmount),
    signatures: `0x${a.signatures.slice(2).toLowerCase()}`,
    epoch: a.epoch,
  }));
}
