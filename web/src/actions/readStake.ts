import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Abi, Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { firstFunction } from "../lib/abiFunctions.ts";
import { namedResult, pickAddress, pickBigint, pickBoolean } from "../lib/namedResult.ts";

export interface StakeState {
  /** Stake that counts (excludes what is unbonding). */
  readonly staked: bigint;
  /** Whether the operator may be assigned viewers. */
  readonly active: boolean;
  /** Amount waiting out the unbonding period. */
  readonly unbonding: bigint;
  /** Unix seconds when `unbonding` may be withdrawn (0 = nothing unbonding). */
  readonly unlockAt: bigint;
  readonly unbondingPeriod: bigint;
  /** The token staked. */
  readonly token: Address;
}

async function read(config: Config, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) {
  return namedResult(abi, functionName, await readContract(config, { address, abi, functionName, args }));
}

/** Reads an operator's stake, activity and any pending unstake from RelayStaking. */
export async function readStake(config: Config, { deployment, account }: { deployment: Deployment; account: Address }): Promise<StakeState> {
  const { address, abi } = deployment.contracts.RelayStaking;
  const tokenFn = firstFunction(abi, ["token", "stakingToken", "stakeToken", "asset"]);
  const pendingFn = firstFunction(abi, ["unbondingOf", "pendingUnstakeOf", "unstakeRequestOf", "unbondingRequestOf"]);
  const [stake, active, period, tokenResult, pending] = await Promise.all([
    read(config, address, abi, "stakeOf", [account]),
    read(config, address, abi, "isActive", [account]),
    read(config, address, abi, "unbondingPeriod"),
    tokenFn ? read(config, address, abi, tokenFn) : Promise.resolve({}),
    pendingFn ? read(config, address, abi, pendingFn, [account]) : Promise.resolve({}),
  ]);
  const token = pickAddress(tokenResult, ["value", "token", "0"]) ?? deployment.contracts.TestToken?.address;
  if (!token) throw new Error("RelayStaking does not name its token and no TestToken is deployed");
  const unbondingKeys = ["unbonding", "unbondingAmount", "pending", "pendingAmount", "amount"];
  const unlockKeys = ["unlockAt", "unbondingUntil", "withdrawableAt", "releaseAt", "unlockTime"];
  return {
    staked: pickBigint(stake, ["staked", "amount", "stake", "value"]) ?? 0n,
    active: pickBoolean(active, ["value", "active"]) ?? false,
    unbonding: pickBigint(pending, unbondingKeys) ?? pickBigint(stake, unbondingKeys.slice(0, 4)) ?? 0n,
    unlockAt: pickBigint(pending, unlockKeys) ?? pickBigint(stake, unlockKeys) ?? 0n,
    unbondingPeriod: pickBigint(period, ["value"]) ?? 0n,
    token,
  };
}
