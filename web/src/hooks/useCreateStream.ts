import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createStreamMutationOptions } from "../queries/createStreamMutationOptions.ts";
import { useApp } from "./useApp.ts";

export function useCreateStream() {
  const { coordinator } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    ...createStreamMutationOptions(coordinator),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["coordinator", coordinator.baseUrl, "streams"] }),
  });
}
