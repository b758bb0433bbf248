import { epochInfoResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** The coordinator's current epoch and its length (GET /v1/epochs/current). */
export async function getCurrentEpoch(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
) {
  const info = await coordinatorRequest(client, {
    path: "/v1/epochs/current",
    schema: epochInfoResponse,
    ...options,
  });
  return {
    epoch: info.epoch,
    lengthSeconds: info.lengthSeconds,
    endsAt: info.endsAt,
    lastClosed: info.lastClosed,
  };
}
