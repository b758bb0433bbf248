import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { ownedPoolIdsQueryOptions } from "../queries/ownedPoolIdsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useOwnedPoolIds(owner: Address | undefined) {
  return useQuery(
    ownedPoolIdsQueryOptions(useConfig(), { deployment: useApp().deployment, owner }),
  );
}
