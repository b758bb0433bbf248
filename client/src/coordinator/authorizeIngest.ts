import type { z } from "zod";
import { ingestAuthorizeResponse } from "@streamrp2p/protocol/api";
import { CoordinatorError } from "../errors/CoordinatorError.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type IngestGrant = z.infer<typeof ingestAuthorizeResponse>;

/** POST /v1/ingest/authorize: the stream a publisher's key publishes to; undefined when refused. */
export async function authorizeIngest(
  client: CoordinatorClient,
  { streamKey }: { streamKey: string },
): Promise<IngestGrant | undefined> {
  try {
    return await coordinatorRequest(client, {
      method: "POST",
      path: "/v1/ingest/authorize",
      body: { streamKey },
      schema: ingestAuthorizeResponse,
    });
  } catch (error) {
    if (error instanceof CoordinatorError && (error.status === 403 || error.status === 404))
      return undefined;
    throw error;
  }
}
