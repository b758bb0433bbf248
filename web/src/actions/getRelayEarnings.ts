import { relayEarningsResponse } from "@streamrp2p/protocol/api";
import type { Address } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** What a relay earned in one closed epoch, summed over pools. */
export interface EpochEarnings {
  readonly epoch: number;
  readonly bytes: bigint;
  readonly amount: bigint;
}

/** A relay's earnings per closed epoch, oldest first (GET /v1/relays/:address/earnings). */
export async function getRelayEarnings(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal },
): Promise<EpochEarnings[]> {
  const { earnings } = await coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/earnings`,
    schema: relayEarningsResponse,
    ...(signal ? { signal } : {}),
  });
  const byEpoch = new Map<number, { bytes: bigint; amount: bigint }>();
  for (const row of earnings) {
    const sum = byEpoch.get(row.epoch) ?? { bytes: 0n, amount: 0n };
    byEpoch.set(row.epoch, {
      bytes: sum.bytes + BigInt(row.bytes),
      amount: sum.amount + BigInt(row.amount),
    });
  }
  return [...byEpoch.entries()]
    .map(([epoch, sum]) => ({ epoch, ...sum }))
    .sort((a, b) => a.epoch - b.epoch);
}
