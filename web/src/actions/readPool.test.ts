import { describe, expect, it } from "vitest";
import { zeroAddress } from "viem";
import { fakeWagmiConfig } from "../test/fakeChain.ts";
import { ACCOUNT, REWARD_POOLS, TEST_TOKEN, deployment } from "../test/fixtures.ts";
import { getPoolIds } from "./getPoolIds.ts";
import { PoolNotFoundError } from "@streamrp2p/client";
import { readPool } from "./readPool.ts";

const pools = REWARD_POOLS.toLowerCase();
const info = {
  owner: ACCOUNT,
  token: TEST_TOKEN,
  ratePerGB: 1_000_000n,
  maxRatePerGB: 2_000_000n,
  epochBudget: 0n,
  noticePeriod: 3600,
  balance: 5_000_000n,
  closesAt: 0,
};

describe("readPool", () => {
  it("reads PoolInfo", async () => {
    const config = fakeWagmiConfig({
      [`${pools}:pool`]: ([id]) => (id === 2n ? info : { ...info, owner: zeroAddress }),
    });
    await expect(readPool(config, { deployment, poolId: 2n })).resolves.toMatchObject({
      poolId: 2n,
      ratePerGB: 1_000_000n,
      maxRatePerGB: 2_000_000n,
      noticePeriod: 3600,
      balance: 5_000_000n,
      closesAt: 0,
      closed: false,
    });
  });
  it("reports a closed pool", async () => {
    const config = fakeWagmiConfig({
      [`${pools}:pool`]: () => ({ ...info, closesAt: 1_700_000_000 }),
    });
    await expect(readPool(config, { deployment, poolId: 1n })).resolves.toMatchObject({
      closed: true,
      closesAt: 1_700_000_000,
    });
  });
  it("throws PoolNotFoundError for an all-zero pool", async () => {
    const config = fakeWagmiConfig({ [`${pools}:pool`]: () => ({ ...info, owner: zeroAddress }) });
    await expect(readPool(config, { deployment, poolId: 9n })).rejects.toBeInstanceOf(
      PoolNotFoundError,
    );
  });
});

describe("getPoolIds", () => {
  it("lists 1..poolCount, newest first", async () => {
    const config = fakeWagmiConfig({ [`${pools}:poolCount`]: () => 3n });
    await expect(getPoolIds(config, { deployment })).resolves.toEqual([3n, 2n, 1n]);
  });
});
