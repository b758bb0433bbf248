import type { Config } from "wagmi";
import { parseEventLogs, type Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

export interface CreatePoolParameters {
  readonly deployment: Deployment;
  readonly token: Address;
  readonly ratePerGB: bigint;
  readonly maxRatePerGB: bigint;
  readonly epochBudget: bigint;
  readonly noticePeriod: bigint;
  readonly onProgress?: OnTxProgress;
}

/** Creates a reward pool owned by the caller; resolves to its id (from PoolCreated). */
export async function createPool(
  config: Config,
  parameters: CreatePoolParameters,
): Promise<bigint> {
  const { address, abi } = parameters.deployment.contracts.RewardPools;
  const { token, ratePerGB, maxRatePerGB, epochBudget, noticePeriod } = parameters;
  const [receipt] = await writeContractAndWait(
    config,
    [
      {
        address,
        abi,
        functionName: "createPool",
        args: [token, ratePerGB, maxRatePerGB, epochBudget, noticePeriod],
        label: "Create pool",
      },
    ],
    parameters.onProgress,
  );
  for (const event of parseEventLogs({
    abi,
    logs: receipt?.logs ?? [],
    eventName: "PoolCreated",
  })) {
    const poolId = (event.args as Record<string, unknown> | undefined)?.["poolId"];
    if (typeof poolId === "bigint") return poolId;
  }
  throw new Error("The pool was created but its id was not in the transaction's events");
}
