import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { poolIdsQueryOptions } from "../queries/poolIdsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function usePoolIds() {
  return useQuery(poolIdsQueryOptions(useConfig(), { deployment: useApp().deployment }));
}
