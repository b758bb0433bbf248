import { mutationOptions } from "@tanstack/react-query";
import { linkStreamPool } from "../actions/linkStreamPool.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";

export function linkStreamPoolMutationOptions(client: CoordinatorClient) {
  return mutationOptions({
    mutationKey: ["coordinator", client.baseUrl, "linkStreamPool"],
    mutationFn: (parameters: { streamId: string; poolId: bigint }) =>
      linkStreamPool(client, parameters),
  });
}
