import type { Config } from "wagmi";
import { parseEventLogs, type Address, type Hex } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { argsByName } from "../lib/argsByName.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

export interface CreatePoolParameters {
  readonly deployment: Deployment;
  readonly token: Address;
  readonly ratePerGB: bigint;
  readonly maxRatePerGB: bigint;
  readonly epochBudget: bigint;
  readonly noticePeriod: bigint;
  /** The stream the pool pays for, when the contract records it. */
  readonly streamId?: Hex;
  readonly onProgress?: OnTxProgress;
}

/** Creates a reward pool; resolves to its id, read from the creation event. */
export async function createPool(config: Config, parameters: CreatePoolParameters): Promise<bigint> {
  const { address, abi } = parameters.deployment.contracts.RewardPools;
  const zero = `0x${"0".repeat(64)}` as Hex;
  const args = argsByName(abi, "createPool", {
    token: parameters.token,
    ratePerGB: parameters.ratePerGB,
    maxRatePerGB: parameters.maxRatePerGB,
    epochBudget: parameters.epochBudget,
    noticePeriod: parameters.noticePeriod,
    streamId: parameters.streamId ?? zero,
  });
  const [receipt] = await writeContractAndWait(
    config,
    [{ address, abi, functionName: "createPool", args, label: "Create pool" }],
    parameters.onProgress,
  );
  const events = parseEventLogs({ abi, logs: receipt?.logs ?? [] });
  for (const event of events) {
    const eventArgs = event.args as Record<string, unknown> | undefined;
    if (eventArgs && typeof eventArgs["poolId"] === "bigint") return eventArgs["poolId"];
  }
  throw new Error("The pool was created but its id was not found in the transaction's events");
}
