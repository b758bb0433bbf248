import { relayAttestationsResponse } from "@streamrp2p/protocol/api";
import type { Address, Hex } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
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

/** The relay's latest attestation per pool (GET /v1/relays/:address/attestations). */
export async function getRelayAttestations(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal },
): Promise<SignedAttestation[]> {
  const { attestations } = await coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/attestations`,
    schema: relayAttestationsResponse,
    ...(signal ? { signal } : {}),
  });
  return attestations.map((a) => ({
    poolId: BigInt(a.poolId),
    account: a.account,
    cumulativeBytes: BigInt(a.cumulativeBytes),
    cumulativeAmount: BigInt(a.cumulativeAmount),
    signatures: a.signatures.toLowerCase() as Hex,
    epoch: a.epoch,
  }));
}
