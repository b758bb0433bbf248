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

export interface StakeParameters {
  readonly deployment: Deployment;
  readonly account: Address;
  readonly token: Address;
  readonly amount: bigint;
  readonly onProgress?: OnTxProgress;
}

/**
 * Stakes `amount` in RelayStaking: with one permit signature and one transaction when the
 * token supports ERC-2612, else approve (if the allowance is short) then stake.
 */
export async function stake(
  config: Config,
  { deployment, account, token, amount, onProgress }: StakeParameters,
): Promise<TransactionReceipt[]> {
  const { address, abi } = deployment.contracts.RelayStaking;
  const state = await readToken(config, { token, account, spender: address });
  if (state.permit && abiFunction(abi, "stakeWithPermit")) {
    const permit = await signPermit(config, {
      token,
      owner: account,
      spender: address,
      value: amount,
    });
    const args = [amount, permit.deadline, permit.v, permit.r, permit.s];
    return writeContractAndWait(
      config,
      [{ address, abi, functionName: "stakeWithPermit", args, label: "Stake" }],
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
  writes.push({ address, abi, functionName: "stake", args: [amount], label: "Stake" });
  return writeContractAndWait(config, writes, onProgress);
}
