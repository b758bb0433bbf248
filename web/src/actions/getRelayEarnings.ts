import type { Address } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { bigintField, numberField, record } from "../lib/fields.ts";
import { listOf, schemaFrom } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** What a relay earned in one closed epoch, summed over pools. */
export interface EpochEarnings {
  readonly epoch: number;
  readonly bytes: bigint;
  readonly amount: bigint;
  /** Withheld by fraud checks this epoch. */
  readonly withheld: bigint;
}

// Provisional until protocol/src/api.ts carries the schema for this route.
const epochEarnings = schemaFrom((value): EpochEarnings => {
  const obj = record(value, "epoch earnings");
  return {
    epoch: numberField(obj, "epoch"),
    bytes: bigintField(obj, "bytes"),
    amount: bigintField(obj, "amount"),
    withheld: obj["withheld"] === undefined ? 0n : bigintField(obj, "withheld"),
  };
});

/** A relay's earnings per epoch, oldest first (GET /v1/relays/:address/earnings). */
export async function getRelayEarnings(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal },
): Promise<EpochEarnings[]> {
  const epochs = await coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/earnings`,
    schema: listOf(epochEarnings, "epochs"),
    ...(signal ? { signal } : {}),
  });
  return epochs.sort((a, b) => a.epoch - b.epoch);
}
