import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { tokenQueryOptions } from "../queries/tokenQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useToken(parameters: {
  token: Address | undefined;
  account?: Address | undefined;
  spender?: Address | undefined;
}) {
  return useQuery(tokenQueryOptions(useConfig(), { chainId: useApp().app.chainId, ...parameters }));
}
