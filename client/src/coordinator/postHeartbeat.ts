import type { z } from "zod";
import type { heartbeatRequest } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorCommand } from "./coordinatorCommand.ts";

export type Heartbeat = z.input<typeof heartbeatRequest>;

/** POST /v1/relays/heartbeat (authorised): where the relay serves, what and how loaded. */
export function postHeartbeat(client: CoordinatorClient, heartbeat: Heartbeat): Promise<void> {
  return coordinatorCommand(client, {
    method: "POST",
    path: "/v1/relays/heartbeat",
    body: heartbeat,
    authorised: true,
  });
}
