import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { namedResult, pickBigint } from "../lib/namedResult.ts";

/** What `account` has already claimed from `poolId` (RewardPools.claimed). */
export async function readClaimed(
  config: Config,
  { deployment, poolId, account }: { deployment: Deployment; poolId: bigint; account: Address },
): Promise<{ cumulativeBytes: bigint; cumulativeAmount: bigint }> {
  const { address, abi } = deployment.contracts.RewardPools;
  const result = namedResult(
    abi,
    "claimed",
    await readContract(config, { address, abi, functionName: "claimed", args: [poolId, account] }),
  );
  return {
    cumulativeBytes: pickBigint(result, ["cumulativeBytes"]) ?? 0n,
    cumulativeAmount: pickBigint(result, ["cumulativeAmount"]) ?? 0n,
  };
}
