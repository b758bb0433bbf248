import { pad, toEventSelector, zeroAddress, zeroHash, type Address } from "viem";
import type { ChainHandlers, FakeLog } from "./fakeChain.ts";
import { ACCOUNT, RELAY_STAKING, REWARD_POOLS, TEST_TOKEN } from "./fixtures.ts";

const token = TEST_TOKEN.toLowerCase();
const staking = RELAY_STAKING.toLowerCase();
const pools = REWARD_POOLS.toLowerCase();

/**
 * A 6-decimals permit token, an operator with stake unbonding, one pool, RewardPools'
 * minimum notice period and the relay keys operators authorized.
 */
export function demoChain(
  overrides: Partial<{
    bonded: bigint;
    unbonding: bigint;
    releaseTime: bigint;
    balance: bigint;
    claimed: bigint;
    minNoticePeriod: number;
    /** relay key (lower-case) -> the wallet that authorized it */
    operatorOf: Record<string, Address>;
  }> = {},
): ChainHandlers {
  const state = {
    bonded: 150_000_000n,
    unbonding: 0n,
    releaseTime: 0n,
    balance: 1_234_567_890_000n,
    claimed: 0n,
    minNoticePeriod: 60,
    operatorOf: {},
    ...overrides,
  };
  return {
    [`${token}:symbol`]: () => "TST",
    [`${token}:decimals`]: () => 6,
    [`${token}:balanceOf`]: () => state.balance,
    [`${token}:allowance`]: () => 0n,
    [`${token}:nonces`]: () => 0n,
    [`${token}:eip712Domain`]: () => ["0x0f", "Test Token", "1", 31337n, TEST_TOKEN, zeroHash, []],
    [`${staking}:stakeOf`]: () => [state.bonded, state.unbonding, state.releaseTime, false],
    [`${staking}:isActive`]: () => state.bonded >= 100_000_000n,
    [`${staking}:parameters`]: () => ({
      minStake: 100_000_000n,
      unbondingPeriod: 600,
      slashDelay: 60,
      slashBps: 1000,
      reporterShareBps: 5000,
      challengeWindow: 86_400,
    }),
    [`${staking}:operatorOf`]: ([key]) =>
      state.operatorOf[String(key).toLowerCase()] ?? zeroAddress,
    [`${staking}:stakeToken`]: () => TEST_TOKEN,
    [`${staking}:streamOf`]: () => [zeroAddress, zeroAddress],
    [`${staking}:registerStream`]: () => zeroHash,
    [`${staking}:authorizeRelayKey`]: () => undefined,
    [`${staking}:revokeRelayKey`]: () => undefined,
    [`${pools}:pool`]: () => ({
      owner: ACCOUNT,
      token: TEST_TOKEN,
      ratePerGB: 1_000_000n,
      maxRatePerGB: 2_000_000n,
      epochBudget: 0n,
      noticePeriod: 3600,
      balance: 5_000_000_000n,
      closesAt: 0,
    }),
    [`${pools}:poolCount`]: () => 1n,
    [`${pools}:minNoticePeriod`]: () => state.minNoticePeriod,
    [`${pools}:claimed`]: () => [0n, state.claimed],
  };
}

/** RelayStaking's RelayKeyAuthorized(operator, relayKey) log. */
export function relayKeyAuthorizedLog(operator: Address, relayKey: Address): FakeLog {
  return {
    address: RELAY_STAKING,
    topics: [toEventSelector("RelayKeyAuthorized(address,address)"), pad(operator), pad(relayKey)],
    data: "0x",
  };
}
