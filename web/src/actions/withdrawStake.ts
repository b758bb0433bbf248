import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/** Withdraws stake whose unbonding period has passed (RelayStaking.withdraw). */
export function withdrawStake(
  config: Config,
  { deployment, onProgress }: { deployment: Deployment; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  const { address, abi } = deployment.contracts.RelayStaking;
  return writeContractAndWait(
    config,
    [{ address, abi, functionName: "withdraw", args: [], label: "Withdraw" }],
    onProgress,
  );
}
