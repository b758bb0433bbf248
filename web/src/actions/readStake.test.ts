import { describe, expect, it } from "vitest";
import { fakeWagmiConfig } from "../test/fakeChain.ts";
import { ACCOUNT, RELAY_STAKING, TEST_TOKEN, deployment } from "../test/fixtures.ts";
import { readStake } from "./readStake.ts";

const staking = RELAY_STAKING.toLowerCase();

describe("readStake", () => {
  it("combines stakeOf, isActive, parameters and stakeToken", async () => {
    const config = fakeWagmiConfig({
      [`${staking}:stakeOf`]: ([operator]) => {
        expect(String(operator).toLowerCase()).toBe(ACCOUNT);
        return [100n, 40n, 1_700_000_000n, false];
      },
      [`${staking}:isActive`]: () => true,
      [`${staking}:parameters`]: () => ({
        minStake: 50n,
        unbondingPeriod: 600,
        slashDelay: 60,
        slashBps: 1000,
        reporterShareBps: 5000,
        challengeWindow: 86_400,
      }),
      [`${staking}:stakeToken`]: () => TEST_TOKEN,
    });
    await expect(readStake(config, { deployment, account: ACCOUNT })).resolves.toEqual({
      bonded: 100n,
      unbonding: 40n,
      releaseTime: 1_700_000_000n,
      jailed: false,
      active: true,
      minStake: 50n,
      unbondingPeriod: 600,
      stakeToken: expect.stringMatching(new RegExp(TEST_TOKEN, "i")),
    });
  });
});
