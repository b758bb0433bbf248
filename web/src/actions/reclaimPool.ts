import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/** Returns what is left in a closed pool to its owner, once the notice period has passed. */
export function reclaimPool(
  config: Config,
  {
    deployment,
    poolId,
    onProgress,
  }: { deployment: Deployment; poolId: bigint; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  const { address, abi } = deployment.contracts.RewardPools;
  return writeContractAndWait(
    config,
    [{ address, abi, functionName: "reclaim", args: [poolId], label: "Reclaim" }],
    onProgress,
  );
}
