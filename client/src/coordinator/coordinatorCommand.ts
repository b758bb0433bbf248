import { coordinatorFetch, type CoordinatorRequest } from "./coordinatorFetch.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";

/** Calls a route whose answer has no body (202, 204). */
export async function coordinatorCommand(
  client: CoordinatorClient,
  request: CoordinatorRequest,
): Promise<void> {
  const response = await coordinatorFetch(client, request);
  await response.body?.cancel();
}
