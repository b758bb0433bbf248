import type { Config } from "wagmi";
import { getContractEvents } from "wagmi/actions";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";

/** Ids of the pools `owner` created (RewardPools.PoolCreated, owner indexed), newest first. */
export async function getOwnedPoolIds(
  config: Config,
  { deployment, owner }: { deployment: Deployment; owner: Address },
): Promise<bigint[]> {
  const { address, abi, deployBlock } = deployment.contracts.RewardPools;
  const logs = await getContractEvents(config, {
    address,
    abi,
    eventName: "PoolCreated",
    args: { owner },
    fromBlock: BigInt(deployBlock),
  });
  const ids = new Set<bigint>();
  for (const log of logs) {
    const poolId = (log.args as Record<string, unknown> | undefined)?.["poolId"];
    if (typeof poolId === "bigint") ids.add(poolId);
  }
  return [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}
