import type { z } from "zod";
import {
  createSessionResponse,
  type createSessionRequest,
  type CreateSessionResponse,
} from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type CreateSessionParameters = z.input<typeof createSessionRequest>;

/** POST /v1/sessions: opens a viewer session; the answer lists the relays assigned to it. */
export function createSession(
  client: CoordinatorClient,
  parameters: CreateSessionParameters,
): Promise<CreateSessionResponse> {
  return coordinatorRequest(client, {
    method: "POST",
    path: "/v1/sessions",
    body: parameters,
    schema: createSessionResponse,
  });
}
