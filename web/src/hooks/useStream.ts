import { useQuery } from "@tanstack/react-query";
import { streamQueryOptions } from "../queries/streamQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useStream(streamId: string) {
  return useQuery(streamQueryOptions(useApp().coordinator, { streamId }));
}
