/**
 * Reads `RelayStaking.isActive(operator)` and, through the `operatorOf` reader it is given,
 * which operator authorized a relay key. `chainOperatorOf` is that reader over viem. Both use
 * the typed ABI of the generated @streamrp2p/deployments module. Batches (`areActive`,
 * `operatorsOf`) are one Multicall3 `eth_call` when a multicall address is given, else one
 * JSON-RPC batch request.
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
  /**
   * Multicall3 on this chain: batch reads are one `eth_call` through it. Without one, a batch
   * is one JSON-RPC batch request (the client made from `rpcUrl` batches calls).
   */
  multicallAddress?: `0x${string}`;
}

const toOperator = (operator: `0x${string}`) =>
  operator === zeroAddress ? null : (operator.toLowerCase() as `0x${string}`);

export function chainStakeReader(options: ChainStakeReaderOptions): StakeReader {
  const client =
    options.client ??
    createPublicClient({
      transport: http(options.rpcUrl, { timeout: 5_000, retryCount: 1, batch: { batchSize: 500 } }),
    });
  const { staking, multicallAddress } = options;
  const operatorOf = options.operatorOf ?? chainOperatorOf(client, staking);
  const isActiveCall = (operator: `0x${string}`) =>
    ({
      address: staking.address,
      abi: staking.abi,
      functionName: "isActive",
      args: [operator],
    }) as const;
  const operatorOfCall = (relayKey: `0x${string}`) =>
    ({
      address: staking.address,
      abi: staking.abi,
      functionName: "operatorOf",
      args: [relayKey],
    }) as const;
  return {
    async areActive(operators) {
      if (multicallAddress === undefined)
        return Promise.all(operators.map((o) => client.readContract(isActiveCall(o))));
      return client.multicall({
        contracts: operators.map(isActiveCall),
        allowFailure: false,
        multicallAddress,
      });
    },
    async operatorsOf(relayKeys) {
      if (multicallAddress === undefined || options.operatorOf !== undefined)
        return Promise.all(relayKeys.map(async (k) => toOperator(await operatorOf(k))));
      const results = await client.multicall({
        contracts: relayKeys.map(operatorOfCall),
        allowFailure: false,
        multicallAddress,
      });
      return results.map(toOperator);
    },
    isActive: (address) => client.readContract(isActiveCall(address)),
    async operatorOf(relayKey) {
      return toOperator(await operatorOf(relayKey));
    },
  };
}
