import type { Address } from "viem";
import { relayEarningsResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** What a relay earned from one pool in one closed epoch. */
export interface EarningsRow {
  readonly epoch: number;
  readonly poolId: bigint;
  readonly bytes: bigint;
  readonly amount: bigint;
}

/** GET /v1/relays/:address/earnings: a relay's earnings per closed epoch and pool. */
export async function getRelayEarnings(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal | undefined },
): Promise<EarningsRow[]> {
  const { earnings } = await coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/earnings`,
    schema: relayEarningsResponse,
    signal,
  });
  return earnings.map((row) => ({
    epoch: row.epoch,
    poolId: BigInt(row.poolId),
    bytes: BigInt(row.bytes),
    amount: BigInt(row.amount),
  }));
}
