import type { z } from "zod";
import type { fetchLogRequest } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorCommand } from "./coordinatorCommand.ts";

export type FetchLog = z.input<typeof fetchLogRequest>;

/** POST /v1/relays/fetch-log (authorised): which segment hashes the relay fetched from where. */
export function postFetchLog(client: CoordinatorClient, log: FetchLog): Promise<void> {
  return coordinatorCommand(client, {
    method: "POST",
    path: "/v1/relays/fetch-log",
    body: log,
    authorised: true,
  });
}
