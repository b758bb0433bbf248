import type { Config } from "wagmi";
import type { Address, TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { abiFunction } from "../lib/abiFunctions.ts";
import { tokenAbi } from "../lib/tokenAbi.ts";
import { readToken } from "./readToken.ts";
import { signPermit } from "./signPermit.ts";
import {
  writeContractAndWait,
  type ContractWrite,
  type OnTxProgress,
} from "./writeContractAndWait.ts";

export interface FundPoolParameters {
  readonly deployment: Deployment;
  readonly account: Address;
  readonly poolId: bigint;
  readonly token: Address;
  readonly amount: bigint;
  readonly onProgress?: OnTxProgress;
}

/** Adds `amount` to a pool (first funding or top-up): a permit when possible, else approve + fund. */
export async function fundPool(
  config: Config,
  { deployment, account, poolId, token, amount, onProgress }: FundPoolParameters,
): Promise<TransactionReceipt[]> {
  const { address, abi } = deployment.contracts.RewardPools;
  const state = await readToken(config, { token, account, spender: address });
  if (state.permit && abiFunction(abi, "fundWithPermit")) {
    const permit = await signPermit(config, {
      token,
      owner: account,
      spender: address,
      value: amount,
    });
    const args = [poolId, amount, permit.deadline, permit.v, permit.r, permit.s];
    return writeContractAndWait(
      config,
      [{ address, abi, functionName: "fundWithPermit", args, label: "Fund pool" }],
      onProgress,
    );
  }
  const writes: ContractWrite[] = [];
  if (state.allowance < amount) {
    writes.push({
      address: token,
      abi: tokenAbi,
      functionName: "approve",
      args: [address, amount],
      label: `Approve ${state.symbol}`,
    });
  }
  writes.push({ address, abi, functionName: "fund", args: [poolId, amount], label: "Fund pool" });
  return writeContractAndWait(config, writes, onProgress);
}
