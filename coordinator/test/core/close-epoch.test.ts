import { test } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "viem";
import {
  closeEpoch,
  ledgerKey,
  poolHeadroom,
  type EpochCredit,
  type LedgerEntry,
  type PoolTerms,
} from "../../src/core/close-epoch.ts";
import { prng } from "./fixtures.ts";

const GB = 1_000_000_000n;
const A = "0x00000000000000000000000000000000000000a1" as Address;
const B = "0x00000000000000000000000000000000000000b2" as Address;
const C = "0x00000000000000000000000000000000000000c3" as Address;

function pool(overrides: Partial<PoolTerms> = {}): PoolTerms {
  return {
    poolId: 1n,
    ratePerGB: 1_000_000n,
    budgetPerEpoch: 0n,
    balance: 10n ** 24n,
    claimedTotal: 0n,
    attestedTotal: 0n,
    ...overrides,
  };
}

test("uncapped: each relay gets its bytes at the pool's rate, rounded down", () => {
  const credits: EpochCredit[] = [
    { poolId: 1n, relay: A, bytes: 3n * GB },
    { poolId: 1n, relay: B, bytes: GB / 2n + 1n },
  ];
  const out = closeEpoch({ pools: [pool()], credits, ledger: new Map() });
  assert.deepEqual(out.amounts, [3_000_000n, 500_000n]);
  assert.deepEqual(out.attestations[0], {
    poolId: 1n,
    account: A,
    cumulativeBytes: 3n * GB,
    cumulativeAmount: 3_000_000n,
  });
  assert.equal(out.pools[0]?.limitedBy, "none");
  assert.equal(out.pools[0]?.paid, 3_500_000n);
  assert.equal(out.pools[0]?.attestedTotal, 3_500_000n);
});

test("ledger: new cumulative = previous + this epoch, duplicate credits summed, address case folded", () => {
  const ledger = new Map<string, LedgerEntry>([
    [ledgerKey(1n, A), { cumulativeBytes: 7n, cumulativeAmount: 11n }],
  ]);
  const credits: EpochCredit[] = [
    { poolId: 1n, relay: A.toUpperCase().replace("0X", "0x") as Address, bytes: GB },
    { poolId: 1n, relay: A, bytes: GB },
  ];
  const out = closeEpoch({ pools: [pool()], credits, ledger });
  assert.equal(out.attestations.length, 1);
  assert.deepEqual(out.attestations[0], {
    poolId: 1n,
    account: A,
    cumulativeBytes: 2n * GB + 7n,
    cumulativeAmount: 2_000_011n,
  });
});

test("budget caps the epoch; split by bytes, sum never above the budget", () => {
  const credits: EpochCredit[] = [
    { poolId: 1n, relay: A, bytes: GB },
    { poolId: 1n, relay: B, bytes: GB },
    { poolId: 1n, relay: C, bytes: GB },
  ];
  const out = closeEpoch({ pools: [pool({ budgetPerEpoch: 1_000n })], credits, ledger: new Map() });
  assert.deepEqual(out.amounts, [333n, 333n, 333n]);
  assert.equal(out.pools[0]?.limitedBy, "budget");
  assert.equal(out.pools[0]?.paid, 999n, "1 unit of rounding stays in the pool");
  assert.equal(out.pools[0]?.due, 3_000_000n);
});

test("headroom caps the epoch: never attest more than the pool can still redeem", () => {
  // 1000 held, 400 attested of which 100 claimed: 300 outstanding, 700 left.
  const p = pool({ balance: 1_000n, attestedTotal: 400n, claimedTotal: 100n });
  assert.equal(poolHeadroom(p), 700n);
  assert.equal(poolHeadroom(pool({ balance: 0n, attestedTotal: 5n })), 0n);
  const out = closeEpoch({
    pools: [p],
    credits: [{ poolId: 1n, relay: A, bytes: GB }],
    ledger: new Map(),
  });
  assert.deepEqual(out.amounts, [700n]);
  assert.equal(out.pools[0]?.limitedBy, "headroom");
  assert.equal(out.pools[0]?.attestedTotal, 1_100n);
  const empty = closeEpoch({
    pools: [pool({ balance: 0n })],
    credits: [{ poolId: 1n, relay: A, bytes: GB }],
    ledger: new Map(),
  });
  assert.deepEqual(empty.amounts, [0n]);
  assert.equal(
    empty.attestations[0]?.cumulativeBytes,
    GB,
    "bytes are recorded even when nothing is paid",
  );
});

test("pools are independent; credits of unknown pools are reported unpaid; zero credits skipped", () => {
  const credits: EpochCredit[] = [
    { poolId: 1n, relay: A, bytes: GB },
    { poolId: 2n, relay: A, bytes: 2n * GB },
    { poolId: 9n, relay: B, bytes: GB },
    { poolId: 1n, relay: C, bytes: 0n },
  ];
  const out = closeEpoch({
    pools: [pool(), pool({ poolId: 2n, ratePerGB: 5n })],
    credits,
    ledger: new Map(),
  });
  assert.deepEqual(
    out.attestations.map((a) => [a.poolId, a.account, a.cumulativeAmount]),
    [
      [1n, A, 1_000_000n],
      [2n, A, 10n],
    ],
  );
  assert.deepEqual(out.unpaid, [credits[2]]);
  assert.equal(out.pools.length, 2);
});

test("property: caps hold, no relay above its rate, order does not matter (seeded)", () => {
  const rand = prng(0x5eed);
  const big = (max: number) => BigInt(Math.floor(rand() * max));
  for (let round = 0; round < 300; round++) {
    const pools: PoolTerms[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) =>
      pool({
        poolId: BigInt(i + 1),
        ratePerGB: big(10 ** 9),
        budgetPerEpoch: rand() < 0.5 ? 0n : big(10 ** 7),
        balance: big(10 ** 9),
        claimedTotal: big(10 ** 6),
        attestedTotal: big(10 ** 9),
      }),
    );
    const credits: EpochCredit[] = Array.from({ length: Math.floor(rand() * 40) }, () => ({
      poolId: BigInt(1 + Math.floor(rand() * pools.length)),
      relay: `0x${Math.floor(rand() * 16)
        .toString(16)
        .padStart(40, "0")}` as Address,
      bytes: big(10 ** 12),
    }));
    const out = closeEpoch({ pools, credits, ledger: new Map() });
    const shuffled = [...credits].sort(() => rand() - 0.5);
    const again = closeEpoch({ pools, credits: shuffled, ledger: new Map() });
    const byKey = (o: typeof out) =>
      new Map(
        o.attestations.map((a, i) => [
          ledgerKey(a.poolId, a.account),
          [a.cumulativeBytes, o.amounts[i]],
        ]),
      );
    assert.deepEqual(byKey(again), byKey(out), `round ${round}: order-independent`);
    for (const result of out.pools) {
      const p = pools.find((x) => x.poolId === result.poolId)!;
      const headroom = poolHeadroom(p);
      assert.ok(
        result.paid <= headroom,
        `round ${round}: paid ${result.paid} > headroom ${headroom}`,
      );
      if (p.budgetPerEpoch > 0n)
        assert.ok(result.paid <= p.budgetPerEpoch, `round ${round}: over budget`);
      assert.ok(result.paid <= result.due, `round ${round}: over due`);
      const sum = out.attestations
        .map((a, i) => (a.poolId === p.poolId ? out.amounts[i]! : 0n))
        .reduce((x, y) => x + y, 0n);
      assert.equal(sum, result.paid);
      assert.ok(
        result.cap - result.paid < BigInt(Math.max(result.relays, 1)) ||
          result.limitedBy === "none",
      );
    }
    out.attestations.forEach((a, i) => {
      const rate = pools.find((x) => x.poolId === a.poolId)!.ratePerGB;
      assert.ok(
        out.amounts[i]! * GB <= a.cumulativeBytes * rate,
        `round ${round}: relay above rate`,
      );
    });
  }
});
