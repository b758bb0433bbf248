import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/** Closes a pool: its notice period starts; claims still pay until it ends. */
export function closePool(
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
    [{ address, abi, functionName: "closePool", args: [poolId], label: "Close pool" }],
    onProgress,
  );
}
