import { mutationOptions } from "@tanstack/react-query";
import { type CoordinatorClient, linkStreamPool } from "@streamrp2p/client";

export function linkStreamPoolMutationOptions(client: CoordinatorClient) {
  return mutationOptions({
    mutationKey: ["coordinator", client.baseUrl, "linkStreamPool"],
    mutationFn: (parameters: { streamId: string; poolId: bigint }) =>
      linkStreamPool(client, parameters),
  });
}
