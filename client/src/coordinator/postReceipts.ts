import { receiptBatchResponse } from "@streamrp2p/protocol/api";
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** POST /v1/receipts (authorised): a relay's latest receipts; resolves to how many were queued. */
export async function postReceipts(
  client: CoordinatorClient,
  { receipts }: { receipts: readonly SignedReceipt[] },
): Promise<number> {
  const { accepted } = await coordinatorRequest(client, {
    method: "POST",
    path: "/v1/receipts",
    body: { receipts },
    authorised: true,
    schema: receiptBatchResponse,
  });
  return accepted;
}
