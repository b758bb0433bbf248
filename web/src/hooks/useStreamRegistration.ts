import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Hex } from "viem";
import { streamRegistrationQueryOptions } from "../queries/streamRegistrationQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useStreamRegistration(streamId: Hex | undefined) {
  return useQuery(
    streamRegistrationQueryOptions(useConfig(), { deployment: useApp().deployment, streamId }),
  );
}
