import type { Config } from "wagmi";
import { getContractEvents } from "wagmi/actions";
import type { Address, Hex } from "viem";
import type { ContractDeployment, Deployment } from "../config/deployment.ts";

export interface HistoryEntry {
  readonly contract: "RewardPools" | "RelayStaking";
  readonly eventName: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly blockNumber: bigint;
  readonly transactionHash: Hex;
  readonly logIndex: number;
}

/** The events a person cares about (not role grants and other administration). */
const USER_EVENTS = new Set([
  "Staked",
  "UnstakeRequested",
  "Withdrawn",
  "Slashed",
  "Jailed",
  "Unjailed",
  "StreamRegistered",
  "OriginSignerRotated",
  "PoolCreated",
  "PoolFunded",
  "PoolClosed",
  "PoolReclaimed",
  "Claimed",
]);

function mentions(args: Readonly<Record<string, unknown>>, account: string): boolean {
  return Object.values(args).some(
    (value) => typeof value === "string" && value.toLowerCase() === account,
  );
}

async function eventsOf(
  config: Config,
  name: HistoryEntry["contract"],
  contract: ContractDeployment,
  account: string,
) {
  const logs = await getContractEvents(config, {
    address: contract.address,
    abi: contract.abi,
    fromBlock: BigInt(contract.deployBlock),
  });
  const entries: HistoryEntry[] = [];
  for (const log of logs) {
    const args = (log.args ?? {}) as Record<string, unknown>;
    if (
      !log.eventName ||
      log.blockNumber === null ||
      log.transactionHash === null ||
      !mentions(args, account)
    )
      continue;
    entries.push({
      contract: name,
      eventName: log.eventName,
      args,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex ?? 0,
    });
  }
  return entries;
}

/** Every event of our contracts that names `account` (stakes, claims, pools), newest first. */
export async function getAccountHistory(
  config: Config,
  { deployment, account }: { deployment: Deployment; account: Address },
): Promise<HistoryEntry[]> {
  const lower = account.toLowerCase();
  const [pools, staking] = await Promise.all([
    eventsOf(config, "RewardPools", deployment.contracts.RewardPools, lower),
    eventsOf(config, "RelayStaking", deployment.contracts.RelayStaking, lower),
  ]);
  return [...pools, ...staking].sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? b.logIndex - a.logIndex
      : a.blockNumber < b.blockNumber
        ? 1
        : -1,
  );
}
