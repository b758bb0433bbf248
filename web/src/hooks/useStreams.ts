import { useQuery } from "@tanstack/react-query";
import { streamsQueryOptions } from "../queries/streamsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useStreams() {
  return useQuery(streamsQueryOptions(useApp().coordinator));
}
