import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorCommand } from "./coordinatorCommand.ts";

/** POST /v1/streams/:id/manifest: the origin's signed entries (re-posting one is a no-op). */
export function publishManifest(
  client: CoordinatorClient,
  { streamId, entries }: { streamId: string; entries: readonly SignedManifestEntry[] },
): Promise<void> {
  return coordinatorCommand(client, {
    method: "POST",
    path: `/v1/streams/${encodeURIComponent(streamId)}/manifest`,
    body: { entries },
  });
}
