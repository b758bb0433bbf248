import { useQuery } from "@tanstack/react-query";
import { relayProbeQueryOptions } from "../queries/relayProbeQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useRelayProbe(url: string | undefined) {
  return useQuery(relayProbeQueryOptions(useApp().fetch, { url }));
}
