import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { readToken } from "../actions/readToken.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export interface TokenQueryParameters {
  readonly chainId: number;
  readonly token: Address | undefined;
  readonly account?: Address | undefined;
  readonly spender?: Address | undefined;
}

export function tokenQueryOptions(
  config: Config,
  { chainId, token, account, spender }: TokenQueryParameters,
) {
  return queryOptions({
    queryKey: chainQueryKey(chainId, "token", { token, account, spender }),
    queryFn: token ? () => readToken(config, { chainId, token, account, spender }) : skipToken,
  });
}
