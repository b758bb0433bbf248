import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import { readMinNoticePeriod } from "../actions/readMinNoticePeriod.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function minNoticePeriodQueryOptions(
  config: Config,
  { deployment }: { deployment: Deployment | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "minNoticePeriod"),
    queryFn: deployment ? () => readMinNoticePeriod(config, { deployment }) : skipToken,
  });
}
