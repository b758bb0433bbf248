/**
 * One reward pool: balance, what is attested and not yet claimed, how fast it is spent and
 * how long it lasts. Spend is observed from the attested earnings of the pool's supporters
 * over recent closed epochs; the budget-bound runway uses the pool's epoch budget.
 */
import { z } from "zod";
import type { ChainReader } from "./chain-reader.ts";
import type { CoordinatorClient } from "./coordinator-client.ts";
import { decimalString, hexAddress } from "./schemas.ts";

/** Closed epochs averaged for the observed spend. */
const SPEND_WINDOW = 24;

const chainPool = z.object({
  owner: hexAddress,
  token: hexAddress,
  ratePerGB: decimalString,
  maxRatePerGB: decimalString,
  epochBudget: decimalString,
  noticePeriod: z.number(),
  balance: decimalString,
  closesAt: z.number(),
});

export const poolRunwaySchema = z.object({
  poolId: decimalString,
  owner: hexAddress,
  token: hexAddress,
  ratePerGB: decimalString,
  epochBudget: decimalString,
  /** On-chain balance when a chain is configured, else as the coordinator last saw it. */
  balance: decimalString,
  attestedTotal: decimalString,
  claimedTotal: decimalString,
  outstanding: decimalString,
  /** Balance minus what is attested and not yet claimed. */
  available: decimalString,
  closesAt: z.number(),
  streams: z.array(z.string()),
  supporters: z.number(),
  spend: z.object({
    /** Attested amount per epoch over the last closed epochs that paid (newest first). */
    byEpoch: z.array(z.object({ epoch: z.number(), amount: decimalString, bytes: decimalString })),
    averagePerEpoch: decimalString,
  }),
  runway: z.object({
    epochLengthSeconds: z.number(),
    /** available / average observed spend (null when nothing was spent yet). */
    epochsAtObservedSpend: z.number().nullable(),
    /** available / epoch budget (null when the pool has no budget cap). */
    epochsAtBudget: z.number().nullable(),
    secondsAtObservedSpend: z.number().nullable(),
  }),
  /** The pool as RewardPools holds it now (absent without a chain). */
  chain: chainPool.optional(),
});
export type PoolRunway = z.infer<typeof poolRunwaySchema>;

const ratio = (a: bigint, b: bigint) => (b === 0n ? null : Number((a * 100n) / b) / 100);

export async function poolRunway(
  deps: { coordinator: CoordinatorClient; chain?: ChainReader | undefined },
  poolId: string,
): Promise<PoolRunway> {
  const { coordinator, chain } = deps;
  const [pool, epoch, onChain] = await Promise.all([
    coordinator.pool(poolId),
    coordinator.currentEpoch(),
    chain ? chain.pool(BigInt(poolId)) : Promise.resolve(undefined),
  ]);
  const earnings = await Promise.all(
    pool.supporters.map((s) => coordinator.relayEarnings(s.relay)),
  );
  const perEpoch = new Map<number, { amount: bigint; bytes: bigint }>();
  for (const { earnings: rows } of earnings)
    for (const row of rows) {
      if (row.poolId !== pool.poolId) continue;
      const e = perEpoch.get(row.epoch) ?? { amount: 0n, bytes: 0n };
      e.amount += BigInt(row.amount);
      e.bytes += BigInt(row.bytes);
      perEpoch.set(row.epoch, e);
    }
  const byEpoch = [...perEpoch.entries()]
    .sort(([a], [b]) => b - a)
    .slice(0, SPEND_WINDOW)
    .map(([e, v]) => ({ epoch: e, amount: v.amount.toString(), bytes: v.bytes.toString() }));
  const spent = byEpoch.reduce((s, e) => s + BigInt(e.amount), 0n);
  const average = byEpoch.length === 0 ? 0n : spent / BigInt(byEpoch.length);
  const balance = BigInt(onChain?.balance ?? pool.balance);
  const outstanding = BigInt(pool.outstanding);
  const available = balance > outstanding ? balance - outstanding : 0n;
  const epochsAtObservedSpend = ratio(available, average);
  return {
    poolId: pool.poolId,
    owner: pool.owner,
    token: pool.token,
    ratePerGB: pool.ratePerGB,
    epochBudget: pool.epochBudget,
    balance: balance.toString(),
    attestedTotal: pool.attestedTotal,
    claimedTotal: pool.claimedTotal,
    outstanding: pool.outstanding,
    available: available.toString(),
    closesAt: pool.closesAt,
    streams: pool.streams,
    supporters: pool.supporters.length,
    spend: { byEpoch, averagePerEpoch: average.toString() },
    runway: {
      epochLengthSeconds: epoch.lengthSeconds,
      epochsAtObservedSpend,
      epochsAtBudget: ratio(available, BigInt(pool.epochBudget)),
      secondsAtObservedSpend:
        epochsAtObservedSpend === null
          ? null
          : Math.round(epochsAtObservedSpend * epoch.lengthSeconds),
    },
    ...(onChain ? { chain: onChain } : {}),
  };
}
