import type { z } from "zod";
import { createStreamRequest, createStreamResponse } from "@streamrp2p/protocol/api";
import { CoordinatorError } from "../errors/CoordinatorError.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type CreateStreamParameters = z.input<typeof createStreamRequest>;
export type CreatedStream = z.infer<typeof createStreamResponse>;

/**
 * POST /v1/streams: registers a stream; the answer carries the stream key for OBS. The body is
 * checked before it is sent (INVALID_REQUEST names the first bad field).
 */
export async function createStream(
  client: CoordinatorClient,
  parameters: CreateStreamParameters,
): Promise<CreatedStream> {
  const body = createStreamRequest.safeParse(parameters);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new CoordinatorError(
      issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "Invalid stream",
      { code: "INVALID_REQUEST", status: 0, details: body.error.issues },
    );
  }
  return coordinatorRequest(client, {
    method: "POST",
    path: "/v1/streams",
    body: body.data,
    schema: createStreamResponse,
  });
}
