import type { z } from "zod";
import { epochInfoResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type EpochInfo = z.infer<typeof epochInfoResponse>;

/** GET /v1/epochs/current: the current epoch, its bounds and the last closed one. */
export function getCurrentEpoch(
  client: CoordinatorClient,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<EpochInfo> {
  return coordinatorRequest(client, {
    path: "/v1/epochs/current",
    schema: epochInfoResponse,
    signal,
  });
}
