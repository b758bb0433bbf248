/**
 * Reads `RelayStaking.isActive(operator)` over viem. The ABI comes from the caller (the
 * generated @streamrp2p/deployments module once deploy has run), so this file does not
 * depend on a deployment existing; `IS_ACTIVE_ABI` is the one function it calls, for callers
 * that have no deployment module.
 */
import { createPublicClient, http, type Abi, type PublicClient } from "viem";
import type { StakeReader } from "./stake-reader.ts";

export const IS_ACTIVE_ABI = [
  {
    type: "function",
    name: "isActive",
    stateMutability: "view",
    inputs: [{ name: "operator", type: "address" }],
    outputs: [{ name: "", type: "bool" }],
  },
] as const satisfies Abi;

export interface ChainStakeReaderOptions {
  stakingAddress: `0x${string}`;
  /** An ABI that contains `isActive(address) view returns (bool)`. */
  abi: Abi;
  /** An existing client, or an RPC URL to create one. */
  client?: PublicClient;
  rpcUrl?: string;
}

export function chainStakeReader(options: ChainStakeReaderOptions): StakeReader {
  const client =
    options.client ??
    createPublicClient({ transport: http(options.rpcUrl, { timeout: 5_000, retryCount: 1 }) });
  return {
    async isActive(address) {
      const active = await client.readContract({
        address: options.stakingAddress,
        abi: options.abi,
        functionName: "isActive",
        args: [address],
      });
      return active === true;
    },
  };
}
