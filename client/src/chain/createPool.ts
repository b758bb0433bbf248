import { parseEventLogs, type Address, type TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

export interface NewPool {
  readonly token: Address;
  /** Token base units per 10^9 bytes the coordinator pays. */
  readonly ratePerGB: bigint;
  /** The on-chain ceiling per 10^9 bytes. */
  readonly maxRatePerGB: bigint;
  /** Most the coordinator attests per epoch (0 = no limit). */
  readonly epochBudget: bigint;
  /** Seconds claims keep paying after the owner closes the pool. */
  readonly noticePeriod: number;
}

/** Creates a reward pool owned by the caller; its id comes from the PoolCreated event. */
export async function createPool(
  clients: ChainClients,
  { onProgress, ...pool }: NewPool & { onProgress?: OnTxProgress | undefined },
): Promise<{ poolId: bigint; receipt: TransactionReceipt }> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const [receipt] = await sendSteps(
    clients,
    [
      {
        label: "Create pool",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "createPool",
            args: [
              pool.token,
              pool.ratePerGB,
              pool.maxRatePerGB,
              pool.epochBudget,
              pool.noticePeriod,
            ],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
  if (!receipt) throw new Error("createPool sent no transaction");
  const [created] = parseEventLogs({ abi, logs: receipt.logs, eventName: "PoolCreated" });
  if (!created) {
    throw new Error(`createPool ${receipt.transactionHash}: no PoolCreated event in the receipt`);
  }
  return { poolId: created.args.poolId, receipt };
}
