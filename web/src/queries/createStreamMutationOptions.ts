import { mutationOptions } from "@tanstack/react-query";
import {
  type CoordinatorClient,
  createStream,
  type CreateStreamParameters,
} from "@streamrp2p/client";

export function createStreamMutationOptions(client: CoordinatorClient) {
  return mutationOptions({
    mutationKey: ["coordinator", client.baseUrl, "createStream"],
    mutationFn: (parameters: CreateStreamParameters) => createStream(client, parameters),
  });
}
