/** Relay operator actions on RelayStaking: stake (with a permit when the token has one), unstake, withdraw. */
import type { Address } from "viem";
import type { ChainClients } from "./clients.ts";
import { spendWithPermitOrApprove } from "./permit.ts";
import { send, type SentTransaction } from "./send.ts";

export interface StakeStatus {
  bonded: bigint;
  unbonding: bigint;
  /** Unix seconds when the unbonding stake can be withdrawn (0 when nothing unbonds). */
  releaseTime: bigint;
  jailed: boolean;
  active: boolean;
  minStake: bigint;
}

function staking(clients: ChainClients) {
  return clients.deployment.contracts.RelayStaking;
}

export async function stakeToken(clients: ChainClients): Promise<Address> {
  const { address, abi } = staking(clients);
  return (await clients.public.readContract({
    address,
    abi,
    functionName: "stakeToken",
  })) as Address;
}

export async function readStake(
  clients: ChainClients,
  operator: Address = clients.account.address,
): Promise<StakeStatus> {
  const { address, abi } = staking(clients);
  const [stakeOf, active, parameters] = await Promise.all([
    clients.public.readContract({
      address,
      abi,
      functionName: "stakeOf",
      args: [operator],
    }) as Promise<readonly [bigint, bigint, bigint, boolean]>,
    clients.public.readContract({
      address,
      abi,
      functionName: "isActive",
      args: [operator],
    }) as Promise<boolean>,
    clients.public.readContract({ address, abi, functionName: "parameters" }) as Promise<{
      minStake: bigint;
    }>,
  ]);
  const [bonded, unbonding, releaseTime, jailed] = stakeOf;
  return { bonded, unbonding, releaseTime, jailed, active, minStake: parameters.minStake };
}

export async function stake(clients: ChainClients, amount: bigint): Promise<SentTransaction> {
  const { address, abi } = staking(clients);
  return spendWithPermitOrApprove(clients, "stake", {
    token: await stakeToken(clients),
    spender: address,
    amount,
    withPermit: (p) => ({
      address,
      abi,
      functionName: "stakeWithPermit",
      args: [amount, p.deadline, p.v, p.r, p.s],
    }),
    withAllowance: { address, abi, functionName: "stake", args: [amount] },
  });
}

export async function requestUnstake(
  clients: ChainClients,
  amount: bigint,
): Promise<SentTransaction> {
  const { address, abi } = staking(clients);
  return send(clients, "requestUnstake", {
    address,
    abi,
    functionName: "requestUnstake",
    args: [amount],
  });
}

export async function withdraw(clients: ChainClients): Promise<SentTransaction> {
  const { address, abi } = staking(clients);
  return send(clients, "withdraw", { address, abi, functionName: "withdraw", args: [] });
}
