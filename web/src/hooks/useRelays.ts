import { useQuery } from "@tanstack/react-query";
import { relaysQueryOptions } from "../queries/relaysQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useRelays() {
  return useQuery(relaysQueryOptions(useApp().coordinator));
}
