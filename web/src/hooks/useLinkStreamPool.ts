import { useMutation, useQueryClient } from "@tanstack/react-query";
import { linkStreamPoolMutationOptions } from "../queries/linkStreamPoolMutationOptions.ts";
import { useApp } from "./useApp.ts";

export function useLinkStreamPool() {
  const { coordinator } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    ...linkStreamPoolMutationOptions(coordinator),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["coordinator", coordinator.baseUrl, "pools"] }),
  });
}
