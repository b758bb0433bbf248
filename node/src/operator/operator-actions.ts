/**
 * What the money commands do, as thin compositions of `@streamrp2p/client` actions over chain
 * clients and a coordinator client; each returns a result object (bigints in base units) that
 * the CLI renders as text or JSON.
 */
import type { Address, Hash, TransactionReceipt } from "viem";
import { formatAmount } from "@streamrp2p/client/amount/formatAmount";
import { parseAmount } from "@streamrp2p/client/amount/parseAmount";
import type { ChainClients, ChainReader } from "@streamrp2p/client/chain/ChainClients";
import { claimAll } from "@streamrp2p/client/chain/claimAll";
import { getClaimable, type ClaimablePool } from "@streamrp2p/client/chain/getClaimable";
import { readPool } from "@streamrp2p/client/chain/readPool";
import { readStake } from "@streamrp2p/client/chain/readStake";
import { readToken } from "@streamrp2p/client/chain/readToken";
import { requestUnstake } from "@streamrp2p/client/chain/requestUnstake";
import { stake } from "@streamrp2p/client/chain/stake";
import { withdrawStake } from "@streamrp2p/client/chain/withdrawStake";
import type { CoordinatorClient } from "@streamrp2p/client/coordinator/createCoordinatorClient";
import {
  getOperatorRelayReports,
  type OperatorRelayReports,
} from "@streamrp2p/client/coordinator/getOperatorRelayReports";

export interface TokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

async function tokenInfo(clients: ChainReader, token: Address): Promise<TokenInfo> {
  const { address, symbol, decimals } = await readToken(clients, { token });
  return { address, symbol, decimals };
}

async function balanceOf(clients: ChainReader, token: Address, owner: Address): Promise<bigint> {
  return (await readToken(clients, { token, account: owner })).balance;
}

/** The hash of a flow's last transaction: the action itself (an approve may come first). */
function lastHash(receipts: readonly TransactionReceipt[]): Hash {
  const last = receipts.at(-1);
  if (!last) throw new Error("the action sent no transaction");
  return last.transactionHash;
}

/**
 * Asked before a transaction is sent, with what it will do; rejects to send nothing
 * (confirm-money-action.ts shows it and asks y/N unless --yes).
 */
export type ApproveSend = (plan: {
  action: "stake" | "unstake" | "withdraw" | "claim";
  contract: { name: string; address: Address };
  effects: string[];
}) => Promise<void>;

const amountText = (amount: bigint, token: TokenInfo) =>
  formatAmount(amount, token.decimals, { symbol: token.symbol });

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
): Promise<{ payouts: PoolPayout[]; claimable: ClaimablePool[] }> {
  const claimable = await getClaimable(clients, {
    coordinator,
    account: clients.account.address,
  });
  const tokens = new Map<Address, Promise<TokenInfo>>();
  const payouts = await Promise.all(
    claimable.map(async ({ attestation, claimable: amount }) => {
      const { token } = await readPool(clients, { poolId: attestation.poolId });
      if (!tokens.has(token)) tokens.set(token, tokenInfo(clients, token));
      return {
        poolId: attestation.poolId,
        token: await tokens.get(token)!,
        amount,
        cumulativeBytes: attestation.cumulativeBytes,
        epoch: attestation.epoch,
      };
    }),
  );
  return { payouts, claimable };
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
  approve: ApproveSend,
): Promise<ClaimResult> {
  const operator = clients.account.address;
  const { payouts, claimable } = await claimablePayouts(clients, coordinator);
  if (claimable.length === 0) return { operator, hash: undefined, payouts: [] };
  await approve({
    action: "claim",
    contract: { name: "RewardPools", address: clients.deployment.contracts.RewardPools.address },
    effects: payouts.map(
      (p) =>
        `pool ${p.poolId} pays ${amountText(p.amount, p.token)} to ${operator} (epoch ${p.epoch})`,
    ),
  });
  const receipts = await claimAll(clients, {
    attestations: claimable.map((c) => c.attestation),
  });
  return { operator, hash: lastHash(receipts), payouts };
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
  approve: ApproveSend,
  plan: (token: TokenInfo, unbonding: bigint) => { amount: bigint; effect: string },
  send: (amount: bigint) => Promise<Hash>,
): Promise<StakeChangeResult> {
  const operator = clients.account.address;
  const before = await readStake(clients, { account: operator });
  const token = await tokenInfo(clients, before.stakeToken);
  const { amount, effect } = plan(token, before.unbonding);
  await approve({
    action,
    contract: { name: "RelayStaking", address: clients.deployment.contracts.RelayStaking.address },
    effects: [effect, `bonded now: ${amountText(before.bonded, token)}`],
  });
  const hash = await send(amount);
  const after = await readStake(clients, { account: operator });
  return {
    operator,
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
export function stakeAmount(clients: ChainClients, text: string | undefined, approve: ApproveSend) {
  return stakeChange(
    clients,
    "stake",
    approve,
    (token) => {
      const amount = parseAmount(text, token.decimals, token.symbol);
      return { amount, effect: `stake ${amountText(amount, token)} (with an ERC-2612 permit)` };
    },
    async (amount) => lastHash(await stake(clients, { amount })),
  );
}

export function unstakeAmount(
  clients: ChainClients,
  text: string | undefined,
  approve: ApproveSend,
) {
  return stakeChange(
    clients,
    "unstake",
    approve,
    (token) => {
      const amount = parseAmount(text, token.decimals, token.symbol);
      return { amount, effect: `start unbonding ${amountText(amount, token)}` };
    },
    async (amount) => lastHash(await requestUnstake(clients, { amount })),
  );
}

export function withdrawUnbonded(clients: ChainClients, approve: ApproveSend) {
  return stakeChange(
    clients,
    "withdraw",
    approve,
    (token, unbonding) => ({
      amount: unbonding,
      effect: `withdraw ${amountText(unbonding, token)} of unbonded stake to ${clients.account.address}`,
    }),
    async () => lastHash(await withdrawStake(clients)),
  );
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
  /**
   * The operator's relay keys the coordinator lists, with verified and withheld bytes in the
   * last closed epoch and the reason for every withheld byte; undefined without a coordinator.
   */
  relays: OperatorRelayReports | undefined;
}

export async function operatorStatus(
  clients: ChainClients,
  coordinator: CoordinatorClient | undefined,
): Promise<OperatorStatus> {
  const operator = clients.account.address;
  const stakeStatus = await readStake(clients, { account: operator });
  const tokenAddress = stakeStatus.stakeToken;
  const [token, balance, block, payouts, relays] = await Promise.all([
    tokenInfo(clients, tokenAddress),
    balanceOf(clients, tokenAddress, operator),
    clients.public.getBlock(),
    coordinator ? claimablePayouts(clients, coordinator) : undefined,
    coordinator ? getOperatorRelayReports(coordinator, { operator }) : undefined,
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
    chainId: clients.deployment.chainId,
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
    relays,
  };
}
