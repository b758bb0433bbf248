import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { relayAttestationsQueryOptions } from "../queries/relayAttestationsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useRelayAttestations(address: Address | undefined) {
  return useQuery(relayAttestationsQueryOptions(useApp().coordinator, { address }));
}
