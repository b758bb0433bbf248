import type { Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** An operator's position in RelayStaking (stakeOf, isActive, parameters, stakeToken). */
export interface StakeState {
  readonly bonded: bigint;
  /** Waiting out the unbonding period; withdrawable from `releaseTime`. */
  readonly unbonding: bigint;
  /** Unix seconds (0 = nothing unbonding). */
  readonly releaseTime: bigint;
  readonly jailed: boolean;
  /** bonded >= minStake and not jailed: the coordinator may assign viewers. */
  readonly active: boolean;
  readonly minStake: bigint;
  /** Seconds between an unstake request and the earliest withdrawal. */
  readonly unbondingPeriod: number;
  readonly stakeToken: Address;
}

export async function readStake(
  clients: ChainReader,
  { account }: { account: Address },
): Promise<StakeState> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const [[bonded, unbonding, releaseTime, jailed], active, parameters, stakeToken] =
    await Promise.all([
      clients.public.readContract({ address, abi, functionName: "stakeOf", args: [account] }),
      clients.public.readContract({ address, abi, functionName: "isActive", args: [account] }),
      clients.public.readContract({ address, abi, functionName: "parameters" }),
      clients.public.readContract({ address, abi, functionName: "stakeToken" }),
    ]);
  return {
    bonded,
    unbonding,
    releaseTime,
    jailed,
    active,
    minStake: parameters.minStake,
    unbondingPeriod: parameters.unbondingPeriod,
    stakeToken,
  };
}
