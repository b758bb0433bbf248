import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Deployment } from "../config/deployment.ts";

/** Ids of every pool ever created (1..poolCount), newest first. */
export async function getPoolIds(
  config: Config,
  { deployment }: { deployment: Deployment },
): Promise<bigint[]> {
  const { address, abi } = deployment.contracts.RewardPools;
  const count = await readContract(config, { address, abi, functionName: "poolCount" });
  if (typeof count !== "bigint") throw new Error("RewardPools.poolCount() returned no number");
  const ids: bigint[] = [];
  for (let id = count; id >= 1n; id--) ids.push(id);
  return ids;
}
