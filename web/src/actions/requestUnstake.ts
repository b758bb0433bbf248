import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/** Starts unbonding `amount` of stake (RelayStaking.requestUnstake); withdraw after the period. */
export function requestUnstake(
  config: Config,
  {
    deployment,
    amount,
    onProgress,
  }: { deployment: Deployment; amount: bigint; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  const { address, abi } = deployment.contracts.RelayStaking;
  return writeContractAndWait(
    config,
    [{ address, abi, functionName: "requestUnstake", args: [amount], label: "Request unstake" }],
    onProgress,
  );
}
