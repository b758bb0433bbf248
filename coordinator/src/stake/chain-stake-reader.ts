/**
 * Reads `RelayStaking.isActive(operator)` and, through the `operatorOf` reader it is given,
 * which operator authorized a relay key. `chainOperatorOf` is that reader over viem.
 */
import { createPublicClient, http, zeroAddress, type PublicClient } from "viem";
import type { OperatorOfReader, StakeReader } from "./stake-reader.ts";

export const IS_ACTIVE_ABI = [
  {
    type: "function",
    name: "isActive",
    stateMutability: "view",
    inputs: [{ name: "operator", type: "address" }],
    outputs: [{ name: "", type: "bool" }],
  },
] as const;

/**
 * `operatorOf` of IRelayStaking (the hot/cold relay keys of issue 9). Declared here, in this
 * one place, until the generated @streamrp2p/deployments module carries it; then this reads
 * the deployment's ABI.
 */
export const OPERATOR_OF_ABI = [
  {
    type: "function",
    name: "operatorOf",
    stateMutability: "view",
    inputs: [{ name: "relayKey", type: "address" }],
    outputs: [{ name: "", type: "address" }],
  },
] as const;

export function chainOperatorOf(
  client: PublicClient,
  stakingAddress: `0x${string}`,
): OperatorOfReader {
  return (relayKey) =>
    client.readContract({
      address: stakingAddress,
      abi: OPERATOR_OF_ABI,
      functionName: "operatorOf",
      args: [relayKey],
    });
}

export interface ChainStakeReaderOptions {
  stakingAddress: `0x${string}`;
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

export function chainStakeReader(options: ChainStakeReaderOptions): StakeReader {
  const client =
    options.client ??
    createPublicClient({
      transport: http(options.rpcUrl, { timeout: 5_000, retryCount: 1, batch: { batchSize: 500 } }),
    });
  const operatorOf = options.operatorOf ?? chainOperatorOf(client, options.stakingAddress);
  const { multicallAddress, stakingAddress } = options;
  const one = (operator: `0x${string}`) =>
    ({
      address: stakingAddress,
      abi: IS_ACTIVE_ABI,
      functionName: "isActive",
      args: [operator],
    }) as const;
  const toOperator = (operator: `0x${string}`) =>
    operator === zeroAddress ? null : (operator.toLowerCase() as `0x${string}`);
  return {
    async areActive(operators) {
      if (multicallAddress === undefined) {
        return Promise.all(
          operators.map(async (o) => (await client.readContract(one(o))) === true),
        );
      }
      const results = await client.multicall({
        contracts: operators.map(one),
        allowFailure: false,
        multicallAddress,
      });
      return results.map((r) => r === true);
    },
    async operatorsOf(relayKeys) {
      if (multicallAddress === undefined || options.operatorOf !== undefined) {
        return Promise.all(relayKeys.map(async (k) => toOperator(await operatorOf(k))));
      }
      const results = await client.multicall({
        contracts: relayKeys.map(
          (k) =>
            ({
              address: stakingAddress,
              abi: OPERATOR_OF_ABI,
              functionName: "operatorOf",
              args: [k],
            }) as const,
        ),
        allowFailure: false,
        multicallAddress,
      });
      return results.map(toOperator);
    },
    async isActive(address) {
      const active = await client.readContract({
        address: options.stakingAddress,
        abi: IS_ACTIVE_ABI,
        functionName: "isActive",
        args: [address],
      });
      return active === true;
    },
    async operatorOf(relayKey) {
      const operator = await operatorOf(relayKey);
      return operator === zeroAddress ? null : (operator.toLowerCase() as `0x${string}`);
    },
  };
}
