import { sessionInfo, type SessionInfo } from "@streamrp2p/protocol/api";
import { CoordinatorError } from "../errors/CoordinatorError.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** GET /v1/sessions/:id: the open session, or undefined when the coordinator has none. */
export async function getSession(
  client: CoordinatorClient,
  { sessionId }: { sessionId: string },
): Promise<SessionInfo | undefined> {
  try {
    return await coordinatorRequest(client, {
      path: `/v1/sessions/${encodeURIComponent(sessionId)}`,
      schema: sessionInfo,
    });
  } catch (error) {
    if (error instanceof CoordinatorError && error.status === 404) return undefined;
    throw error;
  }
}
