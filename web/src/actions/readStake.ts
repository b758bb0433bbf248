import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { namedResult, pickAddress, pickBigint, pickBoolean } from "../lib/namedResult.ts";

/** An operator's position in RelayStaking (stakeOf, isActive, parameters). */
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
  readonly unbondingPeriod: bigint;
  readonly stakeToken: Address;
}

export async function readStake(
  config: Config,
  { deployment, account }: { deployment: Deployment; account: Address },
): Promise<StakeState> {
  const { address, abi } = deployment.contracts.RelayStaking;
  const read = async (functionName: string, args: readonly unknown[] = []) =>
    namedResult(
      abi,
      functionName,
      await readContract(config, { address, abi, functionName, args }),
    );
  const [stake, active, parameters, token] = await Promise.all([
    read("stakeOf", [account]),
    read("isActive", [account]),
    read("parameters"),
    read("stakeToken"),
  ]);
  const stakeToken = pickAddress(token, ["value"]);
  if (!stakeToken) throw new Error("RelayStaking.stakeToken() returned no address");
  return {
    bonded: pickBigint(stake, ["bonded"]) ?? 0n,
    unbonding: pickBigint(stake, ["unbonding"]) ?? 0n,
    releaseTime: pickBigint(stake, ["releaseTime"]) ?? 0n,
    jailed: pickBoolean(stake, ["jailed"]) ?? false,
    active: pickBoolean(active, ["value"]) ?? false,
    minStake: pickBigint(parameters, ["minStake"]) ?? 0n,
    unbondingPeriod: pickBigint(parameters, ["unbondingPeriod"]) ?? 0n,
    stakeToken,
  };
}
