import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { linkOwnedPoolMutationOptions } from "../queries/linkOwnedPoolMutationOptions.ts";
import { useApp } from "./useApp.ts";

/** Links one of the wallet's pools to one of its streams (the wallet signs LinkPool). */
export function useLinkStreamPool() {
  const { app, coordinator } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    ...linkOwnedPoolMutationOptions(useConfig(), coordinator, {
      chainId: app.chainId,
      now: Date.now,
    }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["coordinator", coordinator.baseUrl, "pools"] }),
  });
}
