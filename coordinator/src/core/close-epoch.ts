/**
 * Epoch close: verified bytes -> token amounts per pool and relay -> new cumulative ledger
 * entries and the EIP-712 attestation messages that carry them.
 *
 * Per pool, with B_i the verified bytes of relay i this epoch and B their sum:
 *   due_i  = floor(B_i * ratePerGB / 10^9)           (never above the rate, per relay)
 *   cap    = min(headroom, budgetPerEpoch or none)   headroom = balance - (attested - claimed)
 *   if sum(due_i) <= cap: amount_i = due_i
 *   else:                 amount_i = floor(cap * B_i / B)
 * Both roundings are down, so the sum never exceeds the cap and no relay gets more than its
 * bytes at the pool's rate (the on-chain ceiling check amount <= bytes x maxRate holds per
 * epoch and therefore cumulatively). What rounding leaves (fewer base units than relays) is
 * never attested: it stays in the pool's headroom and funds later epochs. No sort, no
 * tie-break: the result depends only on the inputs, never on their order.
 *
 * All verified bytes enter cumulativeBytes, also when the cap cut the amount.
 */
import type { Address } from "viem";
import type { Attestation } from "@streamrp2p/protocol/eip712";

const BYTES_PER_GB = 1_000_000_000n;

export interface PoolTerms {
  poolId: bigint;
  /** Token base units per 10^9 bytes. */
  ratePerGB: bigint;
  /** Most the pool pays per epoch; 0 = no budget. */
  budgetPerEpoch: bigint;
  /** Tokens the pool holds now (on-chain). */
  balance: bigint;
  /** Total ever paid out by claims (on-chain). */
  claimedTotal: bigint;
  /** Total ever attested: the sum of every relay's cumulativeAmount in this pool. */
  attestedTotal: bigint;
}

export interface LedgerEntry {
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
}

export interface EpochCredit {
  poolId: bigint;
  relay: Address;
  bytes: bigint;
}

export type CapLimit = "none" | "budget" | "headroom";

export interface PoolEpochResult {
  poolId: bigint;
  relays: number;
  verifiedBytes: bigint;
  /** What the bytes are worth at the rate, before caps (sum of due_i). */
  due: bigint;
  /** min(headroom, budget); equal to headroom when there is no budget. */
  cap: bigint;
  /** Attested this epoch (<= cap). */
  paid: bigint;
  /** Which limit cut the amount, if any. */
  limitedBy: CapLimit;
  /** attestedTotal after this epoch. */
  attestedTotal: bigint;
}

export interface EpochCloseInput {
  /** One entry per pool (a repeated poolId: the last one counts). */
  pools: readonly PoolTerms[];
  credits: readonly EpochCredit[];
  /** Previous cumulative entries by ledgerKey(poolId, relay); missing = zero. */
  ledger: ReadonlyMap<string, LedgerEntry>;
}

export interface EpochCloseResult {
  /** New cumulative state of every credited (pool, relay): store it, sign it, serve it. */
  attestations: Attestation[];
  /** Amount attested this epoch, same order as `attestations`. */
  amounts: bigint[];
  pools: PoolEpochResult[];
  /** Credits for pools not in `pools` (unknown or closed): nothing attested. */
  unpaid: EpochCredit[];
}

export function ledgerKey(poolId: bigint, account: string): string {
  return `${poolId}:${account.toLowerCase()}`;
}

/** What may still be attested so that every attestation stays redeemable (never negative). */
export function poolHeadroom(
  pool: Pick<PoolTerms, "balance" | "claimedTotal" | "attestedTotal">,
): bigint {
  const headroom = pool.balance + pool.claimedTotal - pool.attestedTotal;
  return headroom > 0n ? headroom : 0n;
}

interface PoolGroup {
  accounts: Address[];
  bytes: bigint[];
  index: Map<string, number>;
}

export function closeEpoch({ pools, credits, ledger }: EpochCloseInput): EpochCloseResult {
  const terms = new Map<bigint, PoolTerms>();
  for (const p of pools) terms.set(p.poolId, p);
  const groups = new Map<bigint, PoolGroup>();
  const unpaid: EpochCredit[] = [];
  for (const c of credits) {
    if (c.bytes <= 0n) continue;
    if (!terms.has(c.poolId)) {
      unpaid.push(c);
      continue;
    }
    let g = groups.get(c.poolId);
    if (g === undefined) {
      g = { accounts: [], bytes: [], index: new Map() };
      groups.set(c.poolId, g);
    }
    const account = c.relay.toLowerCase() as Address;
    const at = g.index.get(account);
    if (at === undefined) {
      g.index.set(account, g.accounts.length);
      g.accounts.push(account);
      g.bytes.push(c.bytes);
    } else {
      g.bytes[at]! += c.bytes;
    }
  }

  const attestations: Attestation[] = [];
  const amounts: bigint[] = [];
  const results: PoolEpochResult[] = [];
  for (const pool of terms.values()) {
    const g = groups.get(pool.poolId);
    const n = g?.accounts.length ?? 0;
    const headroom = poolHeadroom(pool);
    const budget = pool.budgetPerEpoch > 0n ? pool.budgetPerEpoch : -1n;
    const cap = budget >= 0n && budget < headroom ? budget : headroom;
    let total = 0n;
    let due = 0n;
    const dues = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      const b = g!.bytes[i]!;
      total += b;
      dues[i] = (b * pool.ratePerGB) / BYTES_PER_GB;
      due += dues[i]!;
    }
    const capped = due > cap;
    let paid = 0n;
    for (let i = 0; i < n; i++) {
      const b = g!.bytes[i]!;
      const amount = capped ? (cap * b) / total : dues[i]!;
      paid += amount;
      const account = g!.accounts[i]!;
      const prev = ledger.get(ledgerKey(pool.poolId, account));
      attestations.push({
        poolId: pool.poolId,
        account,
        cumulativeBytes: (prev?.cumulativeBytes ?? 0n) + b,
        cumulativeAmount: (prev?.cumulativeAmount ?? 0n) + amount,
      });
      amounts.push(amount);
    }
    results.push({
      poolId: pool.poolId,
      relays: n,
      verifiedBytes: total,
      due,
      cap,
      paid,
      limitedBy: !capped ? "none" : cap === budget ? "budget" : "headroom",
      attestedTotal: pool.attestedTotal + paid,
    });
  }
  return { attestations, amounts, pools: results, unpaid };
}
