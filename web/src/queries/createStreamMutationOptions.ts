import { mutationOptions } from "@tanstack/react-query";
import { createStream, type CreateStreamParameters } from "../actions/createStream.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";

export function createStreamMutationOptions(client: CoordinatorClient) {
  return mutationOptions({
    mutationKey: ["coordinator", client.baseUrl, "createStream"],
    mutationFn: (parameters: CreateStreamParameters) => createStream(client, parameters),
  });
}
