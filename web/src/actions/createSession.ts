import { createSessionResponse, type CreateSessionResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export interface CreateSessionParameters {
  readonly streamId: string;
  /** The viewer's ephemeral P-256 public key, SPKI DER as base64url. */
  readonly viewerPublicKey: string;
  readonly viewerAddress?: string;
}

/** Opens a viewer session (POST /v1/sessions): the relays assigned to this viewer. */
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
