/** One relay: what it earned per epoch and pool, and why bytes were withheld or rejected. */
import { z } from "zod";
import { decimalString, hexAddress, reasonRow, receiptCounts } from "./schemas.ts";
import type { ChainReader } from "./chain-reader.ts";
import type { CoordinatorClient } from "./coordinator-client.ts";

const chainStake = z.object({
  bonded: decimalString,
  unbonding: decimalString,
  releaseTime: z.number(),
  jailed: z.boolean(),
  active: z.boolean(),
});

export const relayEarningsSchema = z.object({
  relay: hexAddress,
  known: z.boolean(),
  live: z.boolean(),
  staked: z.boolean(),
  epoch: z.number(),
  epochClosed: z.boolean(),
  verifiedBytes: z.number(),
  rejectedBytes: z.number(),
  receipts: receiptCounts,
  /** Rejected or withheld bytes by reason code, with the latest explanation. */
  reasons: z.array(reasonRow),
  earnings: z.array(
    z.object({
      epoch: z.number(),
      poolId: decimalString,
      bytes: decimalString,
      amount: decimalString,
    }),
  ),
  totals: z.object({ bytes: decimalString, amount: decimalString, epochsPaid: z.number() }),
  /** On-chain stake (absent without a chain). */
  stake: chainStake.optional(),
});
export type RelayEarnings = z.infer<typeof relayEarningsSchema>;

export async function relayEarnings(
  deps: { coordinator: CoordinatorClient; chain?: ChainReader | undefined },
  relay: `0x${string}`,
  epoch?: number,
): Promise<RelayEarnings> {
  const { coordinator, chain } = deps;
  const [report, earned, { relays }, stake] = await Promise.all([
    coordinator.relayReport(relay, epoch),
    coordinator.relayEarnings(relay),
    coordinator.relays(),
    chain ? chain.stake(relay) : Promise.resolve(undefined),
  ]);
  const info = relays.find((r) => r.address === relay.toLowerCase());
  return {
    relay: report.relay,
    known: info !== undefined,
    live: info?.live ?? false,
    staked: stake?.active ?? info?.staked ?? false,
    epoch: report.epoch,
    epochClosed: report.closed,
    verifiedBytes: report.verifiedBytes,
    rejectedBytes: report.rejectedBytes,
    receipts: report.receipts,
    reasons: Object.entries(report.reasons)
      .map(([code, t]) => ({ code, ...t }))
      .sort((a, b) => b.bytes - a.bytes),
    earnings: earned.earnings,
    totals: {
      bytes: earned.earnings.reduce((s, e) => s + BigInt(e.bytes), 0n).toString(),
      amount: earned.earnings.reduce((s, e) => s + BigInt(e.amount), 0n).toString(),
      epochsPaid: new Set(earned.earnings.map((e) => e.epoch)).size,
    },
    ...(stake ? { stake } : {}),
  };
}
