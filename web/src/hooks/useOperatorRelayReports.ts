import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { operatorRelayReportsQueryOptions } from "../queries/operatorRelayReportsQueryOptions.ts";
import { useApp } from "./useApp.ts";

/** The wallet's relay keys with their last closed epoch's verified and withheld bytes, and why. */
export function useOperatorRelayReports(operator: Address | undefined) {
  return useQuery(operatorRelayReportsQueryOptions(useApp().coordinator, { operator }));
}
