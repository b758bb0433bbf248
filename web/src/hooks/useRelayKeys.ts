import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { relayKeysQueryOptions } from "../queries/relayKeysQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useRelayKeys(operator: Address | undefined) {
  return useQuery(
    relayKeysQueryOptions(useConfig(), { deployment: useApp().deployment, operator }),
  );
}
