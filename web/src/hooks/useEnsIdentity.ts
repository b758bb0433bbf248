import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useApp } from "./useApp.ts";

/** Chains whose users have basenames: Base and Base Sepolia. */
const BASE_CHAINS = new Set([8453, 84532]);
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The ENS or basename name and avatar of `address`, when VITE_ENS_RPC_URL names an Ethereum
 * mainnet RPC; without one (or for something that is not an address) it never queries, and
 * the look-up code is never even loaded. Answers are cached for an hour (TanStack Query).
 */
export function useEnsIdentity(address: string) {
  const { app, fetch } = useApp();
  const rpcUrl = app.ensRpcUrl;
  const preferBase = BASE_CHAINS.has(app.chainId);
  return useQuery({
    queryKey: ["ensIdentity", rpcUrl ?? null, address.toLowerCase(), preferBase],
    enabled: rpcUrl !== undefined && ADDRESS.test(address),
    queryFn: async () => {
      if (rpcUrl === undefined) throw new Error("no ENS RPC configured");
      const ens = await import("../lib/ens/ensIdentity.ts");
      return ens.lookupEnsIdentity(ens.ensClient(rpcUrl, fetch), address as Address, {
        preferBase,
      });
    },
    staleTime: 60 * 60_000,
    gcTime: 24 * 60 * 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
}
