import type { z } from "zod";
import {
  heartbeatResponse,
  type heartbeatRequest,
  type RelayReachability,
} from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type Heartbeat = z.input<typeof heartbeatRequest>;

/**
 * POST /v1/relays/heartbeat (authorised): where the relay serves, what and how loaded. Answers
 * whether the coordinator gives the relay to viewers (its probe of the URL), and why not.
 */
export async function postHeartbeat(
  client: CoordinatorClient,
  heartbeat: Heartbeat,
): Promise<RelayReachability> {
  const answer = await coordinatorRequest(client, {
    method: "POST",
    path: "/v1/relays/heartbeat",
    body: heartbeat,
    authorised: true,
    schema: heartbeatResponse,
  });
  return answer.reachability;
}
