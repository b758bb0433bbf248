/**
 * The chain actions against the real contracts on a local Hardhat chain (deployed with
 * scripts/deploy): permit-or-approve, pools, claims, stake and typed reads.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  packAttestorSignatures,
  rewardPoolsDomain,
  signAttestation,
  streamIdOf,
} from "@streamrp2p/protocol";
import { startChain, type LocalChain } from "../../scripts/lib/chain.ts";
import { deployLocal } from "../../scripts/lib/deploy-local.ts";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { freePort } from "../../scripts/lib/service.ts";
import type { ChainClients } from "../src/chain/ChainClients.ts";
import { claimAll } from "../src/chain/claimAll.ts";
import { closePool } from "../src/chain/closePool.ts";
import { createChainClients } from "../src/chain/createChainClients.ts";
import { createPool } from "../src/chain/createPool.ts";
import { fundPool } from "../src/chain/fundPool.ts";
import { getOwnedPoolIds } from "../src/chain/getOwnedPoolIds.ts";
import { mintTestToken } from "../src/chain/mintTestToken.ts";
import { readClaimed } from "../src/chain/readClaimed.ts";
import { readPool } from "../src/chain/readPool.ts";
import { readStake } from "../src/chain/readStake.ts";
import { readStreamRegistration } from "../src/chain/readStreamRegistration.ts";
import { readToken } from "../src/chain/readToken.ts";
import { registerStream } from "../src/chain/registerStream.ts";
import { requestUnstake } from "../src/chain/requestUnstake.ts";
import type { TxProgress } from "../src/chain/sendSteps.ts";
import { stake } from "../src/chain/stake.ts";
import { withdrawStake } from "../src/chain/withdrawStake.ts";
import { PoolNotFoundError } from "../src/errors/PoolNotFoundError.ts";
import { formatRevert, revertReason } from "../src/errors/revertReason.ts";

const DEPLOYMENT_FILE = path.resolve(import.meta.dirname, "../../deployments/31337.json");

describe("chain actions on a local chain", { timeout: 180_000 }, () => {
  let chain: LocalChain;
  let streamer: ChainClients;
  let operator: ChainClients;
  const attestor = privateKeyToAccount(generatePrivateKey());
  const deploymentBefore = readFileSync(DEPLOYMENT_FILE, "utf8");
  const unit = parseUnits("1", 6);

  before(async () => {
    chain = await startChain({ port: await freePort() });
    deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
    writeFileSync(DEPLOYMENT_FILE, deploymentBefore); // deployLocal rewrites it; addresses are deterministic
    const at = (index: number) =>
      createChainClients({
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        account: devAccount(index),
      });
    streamer = at(DEV_ROLES.streamer);
    operator = at(DEV_ROLES.supporter);
    for (const c of [streamer, operator]) {
      await mintTestToken(c, { to: c.account.address, amount: 1000n * unit });
    }
  });
  after(() => chain?.stop());

  test("stake takes one permit and one transaction; unstake; an early withdraw reverts readably", async () => {
    const account = operator.account.address;
    const before = await readStake(operator, { account });
    const token = await readToken(operator, { token: before.stakeToken, account });
    assert.equal(token.permit, true);
    const phases: string[] = [];
    const onProgress = (p: TxProgress) => phases.push(`${p.label}:${p.phase}`);
    const receipts = await stake(operator, { amount: 200n * unit, onProgress });
    assert.equal(receipts.length, 1);
    assert.deepEqual(phases, ["Stake:wallet", "Stake:pending", "Stake:confirmed"]);
    const staked = await readStake(operator, { account });
    assert.equal(staked.bonded - before.bonded, 200n * unit);
    assert.equal(typeof staked.unbondingPeriod, "number");

    await requestUnstake(operator, { amount: 50n * unit });
    const unbonding = await readStake(operator, { account });
    assert.equal(unbonding.unbonding, 50n * unit);
    assert.ok(unbonding.releaseTime > 0n);

    const error = await withdrawStake(operator).then(
      () => assert.fail("withdraw before the release time"),
      (e: unknown) => e,
    );
    const reason = revertReason(error);
    assert.equal(reason?.type === "error" && reason.name, "UnbondingNotReleased");
    assert.match(formatRevert(reason!), /^UnbondingNotReleased\(/);
  });

  test("pools: create, fund by permit, claim two attestations in one batch, close", async () => {
    const tokenAddress = streamer.deployment.contracts.TestToken.address;
    const ids: bigint[] = [];
    for (let i = 0; i < 2; i++) {
      const { poolId } = await createPool(streamer, {
        token: tokenAddress,
        ratePerGB: unit,
        maxRatePerGB: 2n * unit,
        epochBudget: 0n,
        noticePeriod: 60,
      });
      const funding = await fundPool(streamer, { poolId, amount: 10n * unit });
      assert.equal(funding.length, 1, "a permit token funds in one transaction");
      const pool = await readPool(streamer, { poolId });
      assert.deepEqual([pool.balance, pool.noticePeriod, pool.closed], [10n * unit, 60, false]);
      ids.push(poolId);
    }
    assert.deepEqual(
      (await getOwnedPoolIds(streamer, { owner: streamer.account.address })).slice(0, 2),
      [...ids].reverse(),
    );

    const account = operator.account.address;
    const domain = rewardPoolsDomain(
      operator.deployment.chainId,
      operator.deployment.contracts.RewardPools.address,
    );
    const attestations = await Promise.all(
      ids.map(async (poolId) => {
        const attestation = {
          poolId,
          account,
          cumulativeBytes: 2_000_000_000n,
          cumulativeAmount: 3n * unit,
        };
        const signature = await signAttestation(attestor, domain, attestation);
        return {
          ...attestation,
          signatures: packAttestorSignatures([{ signer: attestor.address, signature }]),
          epoch: 1,
        };
      }),
    );
    const before = await readToken(operator, { token: tokenAddress, account });
    await claimAll(operator, { attestations });
    const after = await readToken(operator, { token: tokenAddress, account });
    assert.equal(after.balance - before.balance, 6n * unit);
    assert.deepEqual(await readClaimed(operator, { poolId: ids[0]!, account }), {
      cumulativeBytes: 2_000_000_000n,
      cumulativeAmount: 3n * unit,
    });

    await closePool(streamer, { poolId: ids[0]! });
    assert.equal((await readPool(streamer, { poolId: ids[0]! })).closed, true);
    await assert.rejects(readPool(streamer, { poolId: 999n }), PoolNotFoundError);
  });

  test("a registered stream reads back its owner and origin signer", async () => {
    const salt = `0x${"5a".repeat(32)}` as const;
    const expected = streamIdOf(streamer.account.address, salt);
    assert.equal(await readStreamRegistration(streamer, { streamId: expected }), undefined);
    const { streamId } = await registerStream(streamer, { salt, originSigner: attestor.address });
    assert.equal(streamId, expected);
    assert.deepEqual(await readStreamRegistration(streamer, { streamId }), {
      owner: streamer.account.address,
      originSigner: attestor.address,
    });
  });
});
