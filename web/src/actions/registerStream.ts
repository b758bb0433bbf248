import type { Config } from "wagmi";
import type { Address, Hex, TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/**
 * Registers a stream on-chain (RelayStaking.registerStream): the caller becomes its owner and
 * `originSigner` the key whose manifest signatures make tampering provable.
 */
export function registerStream(
  config: Config,
  parameters: {
    deployment: Deployment;
    streamId: Hex;
    originSigner: Address;
    onProgress?: OnTxProgress;
  },
): Promise<TransactionReceipt[]> {
  const { address, abi } = parameters.deployment.contracts.RelayStaking;
  return writeContractAndWait(
    config,
    [
      {
        address,
        abi,
        functionName: "registerStream",
        args: [parameters.streamId, parameters.originSigner],
        label: "Register stream on-chain",
      },
    ],
    parameters.onProgress,
  );
}
