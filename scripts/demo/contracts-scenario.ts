/**
 * The money path on its own, on a fresh local OP-type chain: deploy, fund a pool, stake,
 * claim an attested amount, and show that a replayed attestation pays nothing.
 *
 *   node scripts/demo/contracts-scenario.ts [--port N]
 */
import { parseArgs } from "node:util";
import { formatUnits, parseUnits, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packAttestorSignatures, rewardPoolsDomain, signAttestation } from "@streamrp2p/protocol";
import {
  claimAll,
  createChainClients,
  createPool,
  fundPool,
  mintTestToken,
  readStake,
  stake,
  type ChainClients,
} from "@streamrp2p/client";
import { rpc, startChain } from "../lib/chain.ts";
import { deployLocal } from "../lib/deploy-local.ts";
import { DEV_ROLES, devAccount } from "../lib/dev-accounts.ts";
import { freePort } from "../lib/service.ts";

const { values } = parseArgs({
  options: { port: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
});
if (values.help) {
  process.stdout.write(
    "usage: node scripts/demo/contracts-scenario.ts [--port N]\n  --port  chain port (default: a free one)\n",
  );
  process.exit(0);
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const DECIMALS = 6;
const usd = (v: bigint) => `${formatUnits(v, DECIMALS)} tUSD`;

async function gasLine(clients: ChainClients, what: string, hash: Hash) {
  const receipt = await rpc<{ gasUsed: string; l1Fee?: string }>(
    clients.public.transport.url ?? "",
    "eth_getTransactionReceipt",
    [hash],
  );
  const l1 = receipt.l1Fee ? `, L1 data fee ${formatUnits(BigInt(receipt.l1Fee), 18)} ETH` : "";
  out(`    ${what}: tx ${hash} gas ${BigInt(receipt.gasUsed).toLocaleString("en-US")}${l1}`);
}

const port = values.port ? Number(values.port) : await freePort();
out(`starting a local OP-type chain on 127.0.0.1:${port}`);
const chain = await startChain({ port });
try {
  const attestor = privateKeyToAccount(generatePrivateKey());
  const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
  out(`deployed  RewardPools ${deployment.contracts.RewardPools.address}`);
  out(`          RelayStaking ${deployment.contracts.RelayStaking.address}`);
  out(
    `          TestToken ${deployment.contracts.TestToken!.address} (attestor ${attestor.address}, 1 of 1)`,
  );
  const at = (index: number) =>
    createChainClients({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      account: devAccount(index),
    });
  const streamer = at(DEV_ROLES.streamer);
  const operator = at(DEV_ROLES.operators[0]);
  const token = deployment.contracts.TestToken!;
  const balance = (c: ChainClients) =>
    c.public.readContract({
      address: token.address,
      abi: token.abi,
      functionName: "balanceOf",
      args: [c.account.address],
    }) as Promise<bigint>;

  for (const c of [streamer, operator]) {
    await mintTestToken(c, { to: c.account.address, amount: parseUnits("1000", DECIMALS) });
  }
  out(
    `minted 1000 tUSD to the streamer ${streamer.account.address} and the operator ${operator.account.address}`,
  );

  const created = await createPool(streamer, {
    token: token.address,
    ratePerGB: parseUnits("1", DECIMALS),
    maxRatePerGB: parseUnits("2", DECIMALS),
    epochBudget: 0n,
    noticePeriod: 3600,
  });
  out(`1. the streamer created pool #${created.poolId} (1 tUSD per GB, ceiling 2 tUSD per GB)`);
  await gasLine(streamer, "createPool", created.receipt.transactionHash);
  const [funded] = await fundPool(streamer, {
    poolId: created.poolId,
    amount: parseUnits("100", DECIMALS),
  });
  out(`2. the streamer funded it with 100 tUSD using an ERC-2612 permit (one transaction)`);
  await gasLine(streamer, "fundWithPermit", funded!.transactionHash);

  const [staked] = await stake(operator, { amount: parseUnits("100", DECIMALS) });
  const status = await readStake(operator, { account: operator.account.address });
  out(`3. the operator staked ${usd(status.bonded)}; active: ${status.active}`);
  await gasLine(operator, "stakeWithPermit", staked!.transactionHash);

  const attestation = {
    poolId: created.poolId,
    account: operator.account.address,
    cumulativeBytes: 5_000_000_000n,
    cumulativeAmount: parseUnits("5", DECIMALS),
    epoch: 0,
  };
  const domain = rewardPoolsDomain(chain.chainId, deployment.contracts.RewardPools.address);
  const signature = await signAttestation(attestor, domain, attestation);
  const signatures = packAttestorSignatures([{ signer: attestor.address, signature }]);
  out(`4. the coordinator's attestor signed: operator delivered 5 GB, earned 5 tUSD in total`);
  const before = await balance(operator);
  const [claimed] = await claimAll(operator, { attestations: [{ ...attestation, signatures }] });
  const after = await balance(operator);
  out(`5. the operator claimed: balance ${usd(before)} -> ${usd(after)} (+${usd(after - before)})`);
  await gasLine(operator, "claim", claimed!.transactionHash);
  const pool = (await operator.public.readContract({
    address: deployment.contracts.RewardPools.address,
    abi: deployment.contracts.RewardPools.abi,
    functionName: "pool",
    args: [created.poolId],
  })) as { balance: bigint };
  out(`   pool #${created.poolId} now holds ${usd(pool.balance)}`);
  try {
    await claimAll(operator, { attestations: [{ ...attestation, signatures }] });
    out("6. UNEXPECTED: the replayed attestation paid");
    process.exitCode = 1;
  } catch (error) {
    out(
      `6. replaying the same attestation pays nothing: ${(error as { shortMessage?: string }).shortMessage ?? error}`,
    );
  }
} finally {
  await chain.stop();
}
