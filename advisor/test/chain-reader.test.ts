/**
 * The advisor's chain reads against a real local chain (hardhat node, OP type) with the
 * contracts deployed: a funded pool as RewardPools holds it, the pool count, a relay's stake.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseUnits } from "viem";
import { getDeployment } from "@streamrp2p/deployments";
import { startChain, type LocalChain } from "../../scripts/lib/chain.ts";
import { deployLocal } from "../../scripts/lib/deploy-local.ts";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { freePort } from "../../scripts/lib/service.ts";
import { createChainClients, createPool, fundPool, mintTestToken, stake } from "@streamrp2p/client";
import { createChainReader, type ChainReader } from "../src/grounding/chain-reader.ts";
import { AdvisorError } from "../src/errors.ts";

const DEPLOYMENT_FILE = path.resolve(import.meta.dirname, "../../deployments/31337.json");

describe("createChainReader", { timeout: 180_000 }, () => {
  let chain: LocalChain;
  let reader: ChainReader;
  let poolId: bigint;
  const deploymentBefore = readFileSync(DEPLOYMENT_FILE, "utf8");
  const funded = parseUnits("250", 6);
  const staked = parseUnits("100", 6);

  before(async () => {
    chain = await startChain({ port: await freePort() });
    const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [devAccount(0).address] });
    writeFileSync(DEPLOYMENT_FILE, deploymentBefore); // deployLocal rewrites it; addresses are deterministic
    const token = getDeployment(chain.chainId).contracts.TestToken;
    const at = (index: number) =>
      createChainClients({
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        account: devAccount(index),
      });
    const streamer = at(DEV_ROLES.streamer);
    const operator = at(DEV_ROLES.operators[0]);
    for (const who of [streamer, operator])
      await mintTestToken(streamer, { to: who.account.address, amount: parseUnits("1000", 6) });
    poolId = (
      await createPool(streamer, {
        token: token.address,
        ratePerGB: 1_000_000_000n,
        maxRatePerGB: 2_000_000_000n,
        epochBudget: 5_000_000n,
        noticePeriod: 3600,
      })
    ).poolId;
    await fundPool(streamer, { poolId, amount: funded });
    await stake(operator, { amount: staked });
    reader = createChainReader({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      rewardPoolsAddress: deployment.contracts.RewardPools.address,
      stakingAddress: deployment.contracts.RelayStaking.address,
    });
  });
  after(() => chain?.stop());

  it("reads a funded pool, the pool count and a missing pool", async () => {
    const pool = await reader.pool(poolId);
    assert.deepEqual(pool, {
      owner: devAccount(DEV_ROLES.streamer).address.toLowerCase(),
      token: getDeployment(chain.chainId).contracts.TestToken.address.toLowerCase(),
      ratePerGB: "1000000000",
      maxRatePerGB: "2000000000",
      epochBudget: "5000000",
      noticePeriod: 3600,
      balance: funded.toString(),
      closesAt: 0,
    });
    assert.ok(BigInt(await reader.poolCount()) >= 1n);
    assert.equal(await reader.pool(poolId + 1000n), undefined);
  });

  it("reads a relay's stake and an unstaked address", async () => {
    const s = await reader.stake(devAccount(DEV_ROLES.operators[0]).address);
    assert.equal(s.bonded, staked.toString());
    assert.equal(s.active, true);
    assert.equal(s.jailed, false);
    const none = await reader.stake(devAccount(4).address);
    assert.deepEqual({ bonded: none.bonded, active: none.active }, { bonded: "0", active: false });
  });

  it("an unreachable chain is CHAIN_UNAVAILABLE", async () => {
    const down = createChainReader({ rpcUrl: "http://127.0.0.1:1", chainId: 31337 });
    await assert.rejects(
      down.poolCount(),
      (e: unknown) => e instanceof AdvisorError && e.code === "CHAIN_UNAVAILABLE",
    );
  });
});
