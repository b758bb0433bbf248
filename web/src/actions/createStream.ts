import { createStreamRequest, createStreamResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { CoordinatorError } from "../lib/CoordinatorError.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export interface CreateStreamParameters {
  readonly name: string;
  readonly originAddress: string;
  readonly ownerAddress?: string;
}

/** Registers a stream (POST /v1/streams); the answer carries the stream key for OBS. */
export async function createStream(client: CoordinatorClient, parameters: CreateStreamParameters) {
  const body = createStreamRequest.safeParse(parameters);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new CoordinatorError(
      issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "Invalid stream",
      {
        code: "INVALID_REQUEST",
        status: 0,
        details: body.error.issues,
      },
    );
  }
  return coordinatorRequest(client, {
    method: "POST",
    path: "/v1/streams",
    body: body.data,
    schema: createStreamResponse,
  });
}
