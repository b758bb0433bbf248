/**
 * Reads `RelayStaking.isActive(operator)` and, through the `operatorOf` reader it is given,
 * which operator authorized a relay key. `chainOperatorOf` is that reader over viem. Both use
 * the typed ABI of the generated @streamrp2p/deployments module.
 */
import { createPublicClient, http, zeroAddress, type PublicClient } from "viem";
import type { ContractRef, RelayStakingAbi } from "../chain/contracts.ts";
import type { OperatorOfReader, StakeReader } from "./stake-reader.ts";

/** `operatorOf` of the deployment's RelayStaking at `stakingAddress`. */
export function chainOperatorOf(
  client: PublicClient,
  staking: ContractRef<RelayStakingAbi>,
): OperatorOfReader {
  return (relayKey) =>
    client.readContract({
      address: staking.address,
      abi: staking.abi,
      functionName: "operatorOf",
      args: [relayKey],
    });
}

export interface ChainStakeReaderOptions {
  /** RelayStaking's address and the deployment's typed ABI. */
  staking: ContractRef<RelayStakingAbi>;
  /** An existing client, or an RPC URL to create one. */
  client?: PublicClient;
  rpcUrl?: string;
  /** Which operator authorized a relay key; default `chainOperatorOf` over the same client. */
  operatorOf?: OperatorOfReader;
}

export function chainStakeReader(options: ChainStakeReaderOptions): StakeReader {
  const client =
    options.client ??
    createPublicClient({ transport: http(options.rpcUrl, { timeout: 5_000, retryCount: 1 }) });
  const { staking } = options;
  const operatorOf = options.operatorOf ?? chainOperatorOf(client, staking);
  return {
    async isActive(address) {
      return client.readContract({
        address: staking.address,
        abi: staking.abi,
        functionName: "isActive",
        args: [address],
      });
    },
    async operatorOf(relayKey) {
      const operator = await operatorOf(relayKey);
      return operator === zeroAddress ? null : (operator.toLowerCase() as `0x${string}`);
    },
  };
}
