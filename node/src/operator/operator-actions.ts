/**
 * What the money commands do, as plain async functions over chain clients and a coordinator
 * client; each returns a result object (bigints in base units) that the CLI renders as text or
 * JSON.
 */
import { erc20Abi, type Address, type Hash } from "viem";
import { claimAll, claimable } from "../chain/claims.ts";
import type { ChainClients } from "../chain/clients.ts";
import { readStake, requestUnstake, stake, stakeToken, withdraw } from "../chain/staking.ts";
import type { CoordinatorClient } from "../coordinator-client.ts";
import { parseAmount } from "./amount.ts";

export interface TokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

export async function tokenInfo(clients: ChainClients, token: Address): Promise<TokenInfo> {
  const [symbol, decimals] = await Promise.all([
    clients.public.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
    clients.public.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
  ]);
  return { address: token, symbol, decimals };
}

export function balanceOf(clients: ChainClients, token: Address, owner: Address): Promise<bigint> {
  return clients.public.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

async function poolToken(clients: ChainClients, poolId: bigint): Promise<Address> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const pool = (await clients.public.readContract({
    address,
    abi,
    functionName: "pool",
    args: [poolId],
  })) as { token: Address };
  return pool.token;
}

export interface PoolPayout {
  poolId: bigint;
  token: TokenInfo;
  /** What claiming pays now (attested minus already claimed), base units. */
  amount: bigint;
  cumulativeBytes: bigint;
  epoch: number;
}

/** The coordinator's attestations for this operator that pay something now, per pool. */
export async function claimablePayouts(
  clients: ChainClients,
  coordinator: CoordinatorClient,
): Promise<{ payouts: PoolPayout[]; attestations: Awaited<ReturnType<typeof claimable>> }> {
  const operator = clients.account.address;
  const served = (await coordinator.attestations(operator)).attestations.filter(
    (a) => a.account.toLowerCase() === operator.toLowerCase(),
  );
  const payable = await claimable(clients, served);
  const tokens = new Map<Address, Promise<TokenInfo>>();
  const payouts = await Promise.all(
    payable.map(async (a) => {
      const token = await poolToken(clients, a.poolId);
      if (!tokens.has(token)) tokens.set(token, tokenInfo(clients, token));
      const epoch = served.find((s) => s.poolId === a.poolId)?.epoch ?? 0;
      return {
        poolId: a.poolId,
        token: await tokens.get(token)!,
        amount: a.payable,
        cumulativeBytes: a.cumulativeBytes,
        epoch,
      };
    }),
  );
  return { payouts, attestations: payable };
}

export interface ClaimResult {
  operator: Address;
  /** Undefined when nothing was claimable. */
  hash: Hash | undefined;
  payouts: PoolPayout[];
}

export async function claimEarnings(
  clients: ChainClients,
  coordinator: CoordinatorClient,
): Promise<ClaimResult> {
  const { payouts, attestations } = await claimablePayouts(clients, coordinator);
  if (attestations.length === 0) {
    return { operator: clients.account.address, hash: undefined, payouts: [] };
  }
  const sent = await claimAll(clients, attestations);
  return { operator: clients.account.address, hash: sent.hash, payouts };
}

export interface StakeChangeResult {
  operator: Address;
  action: "stake" | "unstake" | "withdraw";
  token: TokenInfo;
  amount: bigint;
  hash: Hash;
  bonded: bigint;
  unbonding: bigint;
  releaseTime: bigint;
}

async function stakeChange(
  clients: ChainClients,
  action: StakeChangeResult["action"],
  run: (token: TokenInfo) => Promise<{ hash: Hash; amount: bigint }>,
): Promise<StakeChangeResult> {
  const token = await tokenInfo(clients, await stakeToken(clients));
  const { hash, amount } = await run(token);
  const after = await readStake(clients);
  return {
    operator: clients.account.address,
    action,
    token,
    amount,
    hash,
    bonded: after.bonded,
    unbonding: after.unbonding,
    releaseTime: after.releaseTime,
  };
}

/** Stakes `amountText` token units (parsed with the staking token's decimals). */
export function stakeAmount(clients: ChainClients, amountText: string | undefined) {
  return stakeChange(clients, "stake", async (token) => {
    const amount = parseAmount(amountText, token.decimals, token.symbol);
    return { hash: (await stake(clients, amount)).hash, amount };
  });
}

export function unstakeAmount(clients: ChainClients, amountText: string | undefined) {
  return stakeChange(clients, "unstake", async (token) => {
    const amount = parseAmount(amountText, token.decimals, token.symbol);
    return { hash: (await requestUnstake(clients, amount)).hash, amount };
  });
}

export function withdrawUnbonded(clients: ChainClients) {
  return stakeChange(clients, "withdraw", async () => {
    const before = await readStake(clients);
    return { hash: (await withdraw(clients)).hash, amount: before.unbonding };
  });
}

export interface OperatorStatus {
  operator: Address;
  chainId: number;
  token: TokenInfo;
  /** Operator's balance of the staking token. */
  balance: bigint;
  bonded: bigint;
  unbonding: bigint;
  releaseTime: bigint;
  /** Seconds until the unbonding stake can be withdrawn (0 when it can now or nothing unbonds). */
  unbondingSecondsLeft: number;
  active: boolean;
  jailed: boolean;
  minStake: bigint;
  /** Undefined when no coordinator was given. */
  claimable: PoolPayout[] | undefined;
  /** Balance of each pool token the operator can claim in (other than the staking token). */
  balances: { token: TokenInfo; balance: bigint }[];
}

export async function operatorStatus(
  clients: ChainClients,
  coordinator: CoordinatorClient | undefined,
): Promise<OperatorStatus> {
  const operator = clients.account.address;
  const tokenAddress = await stakeToken(clients);
  const [token, balance, stakeStatus, block, payouts] = await Promise.all([
    tokenInfo(clients, tokenAddress),
    balanceOf(clients, tokenAddress, operator),
    readStake(clients),
    clients.public.getBlock(),
    coordinator ? claimablePayouts(clients, coordinator) : undefined,
  ]);
  const otherTokens = new Map<Address, TokenInfo>();
  for (const p of payouts?.payouts ?? []) {
    if (p.token.address.toLowerCase() !== tokenAddress.toLowerCase())
      otherTokens.set(p.token.address, p.token);
  }
  const balances = await Promise.all(
    [...otherTokens.values()].map(async (t) => ({
      token: t,
      balance: await balanceOf(clients, t.address, operator),
    })),
  );
  const left = stakeStatus.unbonding > 0n ? Number(stakeStatus.releaseTime - block.timestamp) : 0;
  return {
    operator,
    chainId: clients.chainId,
    token,
    balance,
    bonded: stakeStatus.bonded,
    unbonding: stakeStatus.unbonding,
    releaseTime: stakeStatus.releaseTime,
    unbondingSecondsLeft: Math.max(0, left),
    active: stakeStatus.active,
    jailed: stakeStatus.jailed,
    minStake: stakeStatus.minStake,
    claimable: payouts?.payouts,
    balances,
  };
}
