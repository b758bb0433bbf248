import { queryOptions, skipToken } from "@tanstack/react-query";
import { probeRelay } from "../actions/probeRelay.ts";

export function relayProbeQueryOptions(
  fetcher: typeof globalThis.fetch,
  { url }: { url: string | undefined },
) {
  return queryOptions({
    queryKey: ["relayProbe", url] as const,
    queryFn: url ? () => probeRelay(fetcher, { url }) : skipToken,
    refetchInterval: 10_000,
  });
}
