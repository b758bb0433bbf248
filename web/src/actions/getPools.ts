import type { Address, Hex } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { addressField, bigintField, record } from "../lib/fields.ts";
import { listOf, schemaFrom } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** The coordinator's view of a pool: its stream and what it has spent per epoch. */
export interface PoolSummary {
  readonly poolId: bigint;
  readonly owner: Address;
  readonly streamId: Hex | undefined;
  /** Amount attested (spent) in the last closed epoch. */
  readonly lastEpochSpend: bigint;
  /** Seconds per epoch. */
  readonly epochSeconds: number;
}

// Provisional until protocol/src/api.ts carries the schema for this route.
const poolSummary = schemaFrom((value): PoolSummary => {
  const obj = record(value, "pool");
  const streamId = obj["streamId"];
  const epochSeconds = obj["epochSeconds"];
  return {
    poolId: bigintField(obj, "poolId"),
    owner: addressField(obj, "owner"),
    streamId: typeof streamId === "string" ? (streamId.toLowerCase() as Hex) : undefined,
    lastEpochSpend: obj["lastEpochSpend"] === undefined ? 0n : bigintField(obj, "lastEpochSpend"),
    epochSeconds: typeof epochSeconds === "number" && epochSeconds > 0 ? epochSeconds : 0,
  };
});

/** Every pool the coordinator pays out of (GET /v1/pools). */
export function getPools(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<PoolSummary[]> {
  return coordinatorRequest(client, {
    path: "/v1/pools",
    schema: listOf(poolSummary, "pools"),
    ...options,
  });
}
