import type { Address, Hex } from "viem";
import { listPoolsResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** The coordinator's view of a pool: what it has attested and what was claimed, and for whom. */
export interface PoolSummary {
  readonly poolId: bigint;
  readonly owner: Address;
  /** Streams whose relays this pool pays. */
  readonly streams: readonly Hex[];
  readonly attestedTotal: bigint;
  readonly claimedTotal: bigint;
  /** Attested and not yet claimed: still owed out of the balance. */
  readonly outstanding: bigint;
  /** Top supporters: what each relay has been attested from this pool. */
  readonly supporters: readonly { readonly relay: Address; readonly amount: bigint }[];
  /** Most viewer sessions the pool pays per epoch (owner-set); 0 = no cap. */
  readonly maxViewers: number;
}

/** GET /v1/pools: every pool the coordinator knows. */
export async function getPools(
  client: CoordinatorClient,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<PoolSummary[]> {
  const { pools } = await coordinatorRequest(client, {
    path: "/v1/pools",
    schema: listPoolsResponse,
    signal,
  });
  return pools.map((p) => ({
    poolId: BigInt(p.poolId),
    owner: p.owner,
    streams: p.streams,
    attestedTotal: BigInt(p.attestedTotal),
    claimedTotal: BigInt(p.claimedTotal),
    outstanding: BigInt(p.outstanding),
    supporters: p.supporters.map((s) => ({ relay: s.relay, amount: BigInt(s.amount) })),
    maxViewers: p.maxViewers,
  }));
}
