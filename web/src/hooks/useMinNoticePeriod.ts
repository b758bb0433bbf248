import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { minNoticePeriodQueryOptions } from "../queries/minNoticePeriodQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useMinNoticePeriod() {
  return useQuery(minNoticePeriodQueryOptions(useConfig(), { deployment: useApp().deployment }));
}
