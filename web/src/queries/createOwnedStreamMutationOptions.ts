import { mutationOptions } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { CoordinatorClient } from "@streamrp2p/client";
import { createOwnedStream } from "../actions/createOwnedStream.ts";

export function createOwnedStreamMutationOptions(config: Config, coordinator: CoordinatorClient) {
  return mutationOptions({
    mutationKey: ["coordinator", coordinator.baseUrl, "createOwnedStream"],
    mutationFn: (parameters: Parameters<typeof createOwnedStream>[2]) =>
      createOwnedStream(config, coordinator, parameters),
  });
}
