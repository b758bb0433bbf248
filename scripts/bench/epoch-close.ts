/**
 * Epoch close for 100,000 (pool, relay) pairs: 100 pools x 1,000 relays, every pair with a
 * previous ledger entry, half the pools capped by a budget. Times `closeEpoch` (earnings
 * split, ledger update, attestation messages) and, separately, turning its result into
 * storable JSON.
 *   node scripts/bench/epoch-close.ts [--json]
 */
import { performance } from "node:perf_hooks";
import type { Address } from "viem";
import {
  closeEpoch,
  ledgerKey,
  type EpochCredit,
  type LedgerEntry,
  type PoolTerms,
} from "../../coordinator/src/core/close-epoch.ts";
import { toJson } from "../../coordinator/src/core/json.ts";
import { report } from "./report.ts";

const POOLS = 100;
const RELAYS = 1_000;
const RUNS = 5;

const pools: PoolTerms[] = [];
const credits: EpochCredit[] = [];
const ledger = new Map<string, LedgerEntry>();
for (let p = 0; p < POOLS; p++) {
  const poolId = BigInt(p + 1) << 160n;
  pools.push({
    poolId,
    ratePerGB: 1_000_000n + BigInt(p),
    budgetPerEpoch: p % 2 === 0 ? 0n : 5_000_000_000n,
    balance: 10n ** 30n,
    claimedTotal: 10n ** 20n,
    attestedTotal: 10n ** 21n,
  });
  for (let r = 0; r < RELAYS; r++) {
    const relay = `0x${(r + 1).toString(16).padStart(40, "0")}` as Address;
    credits.push({
      poolId,
      relay,
      bytes: BigInt(1_000_000 + ((r * 7919 + p * 104_729) % 5_000_000_000)),
    });
    ledger.set(ledgerKey(poolId, relay), {
      cumulativeBytes: 10n ** 15n,
      cumulativeAmount: 10n ** 12n,
    });
  }
}

const closeMs: number[] = [];
const jsonMs: number[] = [];
let pairs = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const out = closeEpoch({ pools, credits, ledger });
  const t1 = performance.now();
  const stored = JSON.stringify(toJson(out.attestations));
  const t2 = performance.now();
  closeMs.push(t1 - t0);
  jsonMs.push(t2 - t1);
  pairs = out.attestations.length;
  if (stored.length === 0) throw new Error("empty output");
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

report("epoch-close", [
  {
    key: "epochClose100kMs",
    value: round(median(closeMs)),
    unit: "ms",
    target: { value: 5_000, better: "lower" },
    note: `${pairs} pairs, median of ${RUNS} (first ${round(closeMs[0]!)} ms); + ${round(median(jsonMs))} ms to JSON`,
  },
]);
