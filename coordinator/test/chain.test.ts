/**
 * With a real local chain (hardhat node, OP type): the chain watcher follows pools, resumes
 * from its last block and survives a reorg; the attestations the coordinator serves pay in
 * RewardPools, moving exactly the attested amount from the pool to the relay.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import {
  createPublicClient,
  http as viemHttp,
  parseUnits,
  type Abi,
  type LocalAccount,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { getDeployment } from "@streamrp2p/deployments";
import { rpc, startChain, type LocalChain } from "../../scripts/lib/chain.ts";
import { deployLocal } from "../../scripts/lib/deploy-local.ts";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { freePort } from "../../scripts/lib/service.ts";
import {
  authorizeRelayKey,
  claimAll,
  createChainClients,
  revokeRelayKey,
  signRelayKeyAuthorization,
  createPool,
  fundPool,
  mintTestToken,
  type ChainClients,
} from "@streamrp2p/client";
import { createChainWatcher, type ChainWatcher } from "../src/chain/chain-watcher.ts";
import type { ContractRef, RelayStakingAbi, RewardPoolsAbi } from "../src/chain/contracts.ts";
import { chainPoolReader } from "../src/chain/pool-reader.ts";
import { cachedStakeReader } from "../src/stake/cached-stake-reader.ts";
import { chainStakeReader } from "../src/stake/chain-stake-reader.ts";
import { redisKeys } from "../src/store/keys.ts";
import { linkPoolBody } from "./support/harness.ts";
import { startPipeline, type Pipeline } from "./support/pipeline.ts";
import { buildWorld, drained, http, postReceipts, receiptsAt } from "./support/world.ts";

const DEPLOYMENT_FILE = path.resolve(import.meta.dirname, "../../deployments/31337.json");

describe("chain: watcher, reorgs, claims of served attestations", { timeout: 180_000 }, () => {
  let chain: LocalChain;
  let p: Pipeline;
  let watcher: ChainWatcher;
  let streamer: ChainClients;
  let operator: ChainClients;
  let token: { address: `0x${string}`; abi: Abi };
  let rewardPools: ContractRef<RewardPoolsAbi>;
  let staking: ContractRef<RelayStakingAbi>;
  let poolId: bigint;
  const deploymentBefore = readFileSync(DEPLOYMENT_FILE, "utf8");
  const attestor = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    chain = await startChain({ port: await freePort() });
    const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
    writeFileSync(DEPLOYMENT_FILE, deploymentBefore); // deployLocal rewrites it; addresses are deterministic
    const abis = getDeployment(chain.chainId).contracts; // the generated module: typed ABIs
    rewardPools = {
      address: deployment.contracts.RewardPools.address,
      abi: abis.RewardPools.abi,
    };
    staking = {
      address: deployment.contracts.RelayStaking.address,
      abi: abis.RelayStaking.abi,
    };
    token = { address: deployment.contracts.TestToken!.address, abi: abis.TestToken!.abi as Abi };
    const client = createPublicClient({ transport: viemHttp(chain.rpcUrl) }) as PublicClient;
    p = await startPipeline({
      attestors: [attestor],
      rewardPools: rewardPools.address,
      stakingAddress: staking.address,
      poolReader: chainPoolReader(client, rewardPools),
      overrides: { epochSeconds: 1, epochCloseDelayMs: 100 },
    });
    watcher = createChainWatcher({
      client,
      rewardPools,
      staking,
      pools: p.pools,
      redis: p.redis,
      keys: redisKeys(p.config.redisPrefix),
      logger: pino({ level: "silent" }),
      startBlock: 0n,
      blockRange: 5,
      reorgDepth: 64,
    });
    const at = (index: number) =>
      createChainClients({
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        account: devAccount(index),
      });
    streamer = at(DEV_ROLES.streamer);
    operator = at(DEV_ROLES.operators[0]);
    await mintTestToken(streamer, { to: streamer.account.address, amount: parseUnits("1000", 6) });
    const created = await createPool(streamer, {
      token: token.address,
      ratePerGB: 1_000_000_000n, // 1 base unit per byte
      maxRatePerGB: 2_000_000_000n,
      epochBudget: 0n,
      noticePeriod: 3600,
    });
    poolId = created.poolId;
    await fundPool(streamer, { poolId, amount: 100_000_000n });
  });
  after(async () => {
    await p?.close();
    await chain?.stop();
  });

  const poolBalance = async () =>
    (
      (await streamer.public.readContract({
        ...rewardPools,
        functionName: "pool",
        args: [poolId],
      })) as { balance: bigint }
    ).balance;
  const tokenBalance = async (c: ChainClients) =>
    (await c.public.readContract({
      ...token,
      functionName: "balanceOf",
      args: [c.account.address],
    })) as bigint;

  it("follows pools, resumes from its last block, and rewinds a reorg", async () => {
    await watcher.catchUp();
    let pool = (await http(p.url, "GET", `/v1/pools/${poolId}`)).body;
    assert.equal(pool.balance, "100000000");
    assert.equal(pool.owner, streamer.account.address.toLowerCase());

    const last = (await watcher.lastBlock())!;
    await rpc(chain.rpcUrl, "hardhat_mine", ["0x3"]);
    const resumed = createChainWatcher({
      client: createPublicClient({ transport: viemHttp(chain.rpcUrl) }) as PublicClient,
      rewardPools,
      staking,
      pools: p.pools,
      redis: p.redis,
      keys: redisKeys(p.config.redisPrefix),
      logger: pino({ level: "silent" }),
      startBlock: 0n,
      blockRange: 100,
      reorgDepth: 64,
    });
    const step = await resumed.poll();
    assert.equal(step!.from, last + 1n);

    const snapshot = await rpc<string>(chain.rpcUrl, "evm_snapshot");
    await fundPool(streamer, { poolId, amount: 5_000_000n });
    await watcher.catchUp();
    pool = (await http(p.url, "GET", `/v1/pools/${poolId}`)).body;
    assert.equal(pool.balance, "105000000");
    assert.equal(await rpc(chain.rpcUrl, "evm_revert", [snapshot]), true);
    await rpc(chain.rpcUrl, "hardhat_mine", ["0x6"]);
    const rewound = await watcher.poll();
    assert.ok(rewound?.rewoundTo !== undefined, "the reorg was detected");
    await watcher.catchUp();
    pool = (await http(p.url, "GET", `/v1/pools/${poolId}`)).body;
    assert.equal(pool.balance, "100000000");
  });

  it("serves attestations that pay exactly the attested amount", async () => {
    const world = await buildWorld(p.url, {
      sessions: 3,
      owner: streamer.account as LocalAccount,
      relay: operator.account as LocalAccount,
      stakingAddress: p.config.stakingAddress,
    });
    const linked = await http(
      p.url,
      "POST",
      `/v1/streams/${world.streamId}/pools`,
      await linkPoolBody(streamer.account as LocalAccount, world.streamId, poolId),
    );
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    await postReceipts(world, await receiptsAt(world, 4));
    await drained(p.url);
    const relay = operator.account.address.toLowerCase();
    const expected = String(3 * 4 * world.segmentBytes);
    let served: any[] = [];
    const until = Date.now() + 90_000; // generous: a loaded 2-core machine is slow, not wrong
    while (Date.now() < until) {
      served = (await http(p.url, "GET", `/v1/relays/${relay}/attestations`)).body.attestations;
      if (served[0]?.cumulativeBytes === expected) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(served.length, 1);
    const a = served[0];
    assert.equal(a.cumulativeAmount, expected);
    const [tokensBefore, poolBefore] = [await tokenBalance(operator), await poolBalance()];
    await claimAll(operator, {
      attestations: [
        {
          poolId: BigInt(a.poolId),
          account: a.account,
          cumulativeBytes: BigInt(a.cumulativeBytes),
          cumulativeAmount: BigInt(a.cumulativeAmount),
          signatures: a.signatures,
          epoch: a.epoch,
        },
      ],
    });
    assert.equal((await tokenBalance(operator)) - tokensBefore, BigInt(expected));
    assert.equal(poolBefore - (await poolBalance()), BigInt(expected));
    await watcher.catchUp();
    const pool = (await http(p.url, "GET", `/v1/pools/${poolId}`)).body;
    assert.equal(pool.claimedTotal, expected);
    assert.equal(pool.attestedTotal, expected);
    assert.equal(pool.outstanding, "0");
    assert.equal(pool.balance, String(100_000_000n - BigInt(expected)));
  });

  it("RelayKeyAuthorized and RelayKeyRevoked clear the relay key's cached operator", async () => {
    const keys = redisKeys(p.config.redisPrefix);
    const reader = cachedStakeReader({
      redis: p.redis,
      keys,
      inner: chainStakeReader({ client: streamer.public, staking }),
      ttlSeconds: 3600,
      logger: pino({ level: "silent" }),
    });
    const relayKey = privateKeyToAccount(generatePrivateKey());
    await watcher.catchUp();
    assert.equal(await reader.operatorOf(relayKey.address), null, "not authorized yet (cached)");
    assert.equal(await p.redis.get(keys.operatorOf(relayKey.address.toLowerCase())), "");

    const deadline = Math.floor(Date.now() / 1000) + 600;
    const relayKeySignature = await signRelayKeyAuthorization(relayKey, {
      chainId: chain.chainId,
      stakingAddress: staking.address,
      operator: operator.account.address,
      deadline,
    });
    await authorizeRelayKey(operator, { relayKey: relayKey.address, deadline, relayKeySignature });
    assert.equal(await reader.operatorOf(relayKey.address), null, "stale until the watcher runs");
    await watcher.catchUp();
    assert.equal(
      await reader.operatorOf(relayKey.address),
      operator.account.address.toLowerCase(),
      "the watcher cleared the cached answer",
    );

    await revokeRelayKey(operator, { relayKey: relayKey.address });
    await watcher.catchUp();
    assert.equal(await reader.operatorOf(relayKey.address), null, "revoked: no operator at once");
  });
});
