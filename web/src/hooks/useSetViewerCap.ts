import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { setViewerCapMutationOptions } from "../queries/setViewerCapMutationOptions.ts";
import { useApp } from "./useApp.ts";

/** Sets one of the wallet's pools' viewer cap (the wallet signs SetViewerCap: no transaction). */
export function useSetViewerCap() {
  const { app, coordinator } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    ...setViewerCapMutationOptions(useConfig(), coordinator, {
      chainId: app.chainId,
      now: Date.now,
    }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["coordinator", coordinator.baseUrl, "pools"] }),
  });
}
