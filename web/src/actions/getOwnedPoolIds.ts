import type { Config } from "wagmi";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { getAccountHistory } from "./getAccountHistory.ts";

/** Ids of the pools `owner` created, from RewardPools' creation events, oldest first. */
export async function getOwnedPoolIds(config: Config, { deployment, owner }: { deployment: Deployment; owner: Address }): Promise<bigint[]> {
  const history = await getAccountHistory(config, { deployment, account: owner });
  const ids = new Set<bigint>();
  for (const entry of history) {
    const poolId = entry.args["poolId"];
    if (entry.contract === "RewardPools" && /created/i.test(entry.eventName) && typeof poolId === "bigint") ids.add(poolId);
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
