import type { Address, Hex } from "viem";
import type { CreateSessionResponse } from "@streamrp2p/protocol/api";
import type { SessionKey } from "@streamrp2p/protocol/receipt";
import { createSession } from "../coordinator/createSession.ts";
import type { CoordinatorClient } from "../coordinator/createCoordinatorClient.ts";
import { getStream } from "../coordinator/getStream.ts";

/**
 * Opens a viewer session with the coordinator: looks up the stream's origin key when it is not
 * known yet (GET /v1/streams/:id), then registers the session key (POST /v1/sessions).
 */
export async function openViewerSession(
  coordinator: CoordinatorClient,
  {
    streamId,
    sessionKey,
    originAddress,
    viewerAddress,
  }: {
    streamId: Hex;
    sessionKey: SessionKey;
    originAddress: Address | undefined;
    viewerAddress: Address | undefined;
  },
): Promise<{ session: CreateSessionResponse; originAddress: Address }> {
  const origin = originAddress ?? (await getStream(coordinator, { streamId })).originAddress;
  const session = await createSession(coordinator, {
    streamId,
    viewerPublicKey: sessionKey.publicKey,
    ...(viewerAddress ? { viewerAddress } : {}),
  });
  return { session, originAddress: origin };
}
