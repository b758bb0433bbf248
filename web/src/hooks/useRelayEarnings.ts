import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { relayEarningsQueryOptions } from "../queries/relayEarningsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useRelayEarnings(address: Address | undefined) {
  return useQuery(relayEarningsQueryOptions(useApp().coordinator, { address }));
}
