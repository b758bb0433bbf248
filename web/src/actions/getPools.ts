import { listPoolsResponse } from "@streamrp2p/protocol/api";
import type { Address, Hex } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
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
}

/** Every pool the coordinator knows (GET /v1/pools). */
export async function getPools(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<PoolSummary[]> {
  const { pools } = await coordinatorRequest(client, {
    path: "/v1/pools",
    schema: listPoolsResponse,
    ...options,
  });
  return pools.map((p) => ({
    poolId: BigInt(p.poolId),
    owner: p.owner,
    streams: p.streams,
    attestedTotal: BigInt(p.attestedTotal),
    claimedTotal: BigInt(p.claimedTotal),
    outstanding: BigInt(p.outstanding),
    supporters: p.supporters.map((s) => ({ relay: s.relay, amount: BigInt(s.amount) })),
  }));
}
