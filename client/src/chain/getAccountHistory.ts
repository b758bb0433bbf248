import type { Address, Hex } from "viem";
import type { ChainReader } from "./ChainClients.ts";

export interface HistoryEntry {
  readonly contract: "RewardPools" | "RelayStaking";
  readonly eventName: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly blockNumber: bigint;
  readonly transactionHash: Hex;
  readonly logIndex: number;
}

interface DecodedLog {
  readonly eventName: string;
  readonly args: object;
  readonly blockNumber: bigint | null;
  readonly transactionHash: Hex | null;
  readonly logIndex: number | null;
}

/** The events among `logs` that name `account` (lower case) in any argument. */
function entriesOf(
  contract: HistoryEntry["contract"],
  logs: readonly DecodedLog[],
  account: string,
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const log of logs) {
    const args: Readonly<Record<string, unknown>> = { ...log.args };
    const mentions = Object.values(args).some(
      (value) => typeof value === "string" && value.toLowerCase() === account,
    );
    if (!mentions) continue;
    if (log.blockNumber === null || log.transactionHash === null) continue;
    entries.push({
      contract,
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
  clients: ChainReader,
  { account }: { account: Address },
): Promise<HistoryEntry[]> {
  const lower = account.toLowerCase();
  const { RewardPools, RelayStaking } = clients.deployment.contracts;
  const [pools, staking] = await Promise.all([
    clients.public.getContractEvents({
      address: RewardPools.address,
      abi: RewardPools.abi,
      fromBlock: BigInt(RewardPools.deployBlock),
    }),
    clients.public.getContractEvents({
      address: RelayStaking.address,
      abi: RelayStaking.abi,
      fromBlock: BigInt(RelayStaking.deployBlock),
    }),
  ]);
  return [
    ...entriesOf("RewardPools", pools, lower),
    ...entriesOf("RelayStaking", staking, lower),
  ].sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? b.logIndex - a.logIndex
      : a.blockNumber < b.blockNumber
        ? 1
        : -1,
  );
}
