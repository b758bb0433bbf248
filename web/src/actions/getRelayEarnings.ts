import type { Address } from "viem";
import { getRelayEarnings as getEarningsRows, type CoordinatorClient } from "@streamrp2p/client";

/** What a relay earned in one closed epoch, summed over pools. */
export interface EpochEarnings {
  readonly epoch: number;
  readonly bytes: bigint;
  readonly amount: bigint;
}

/** A relay's earnings per closed epoch (summed over pools), oldest first. */
export async function getRelayEarnings(
  client: CoordinatorClient,
  parameters: { address: Address; signal?: AbortSignal },
): Promise<EpochEarnings[]> {
  const byEpoch = new Map<number, { bytes: bigint; amount: bigint }>();
  for (const row of await getEarningsRows(client, parameters)) {
    const sum = byEpoch.get(row.epoch) ?? { bytes: 0n, amount: 0n };
    byEpoch.set(row.epoch, { bytes: sum.bytes + row.bytes, amount: sum.amount + row.amount });
  }
  return [...byEpoch.entries()]
    .map(([epoch, sum]) => ({ epoch, ...sum }))
    .sort((a, b) => a.epoch - b.epoch);
}
