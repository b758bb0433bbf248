import type { Address } from "viem";
import { relayReportResponse } from "@streamrp2p/protocol/api";
import { describeRejection } from "@streamrp2p/protocol/rejection-codes";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** Why some of a relay's bytes were withheld in an epoch: one reason code. */
export interface WithheldReason {
  readonly code: string;
  /** The code's one-line explanation (protocol's REJECTION_CODES). */
  readonly description: string;
  /** Withheld bytes of receipts with this reason (a receipt with two reasons counts under both). */
  readonly bytes: number;
  readonly receipts: number;
  /** The coordinator's latest message for this reason, with the numbers that explain it. */
  readonly lastMessage: string;
}

/** A relay key's receipts in one epoch: verified (paid) and withheld bytes, and why. */
export interface RelayReport {
  readonly relay: Address;
  readonly epoch: number;
  /** The epoch is closed: the numbers are final. */
  readonly closed: boolean;
  readonly verifiedBytes: number;
  /** Bytes that receipts claimed and that earn nothing; every one has a reason below. */
  readonly withheldBytes: number;
  readonly receipts: { credited: number; withheld: number; rejected: number; ignored: number };
  /** Most withheld bytes first. */
  readonly reasons: readonly WithheldReason[];
}

/** GET /v1/relays/:address/report?epoch=N: a relay key's report (default: the current epoch). */
export async function getRelayReport(
  client: CoordinatorClient,
  {
    relay,
    epoch,
    signal,
  }: { relay: Address; epoch?: number | undefined; signal?: AbortSignal | undefined },
): Promise<RelayReport> {
  const query = epoch === undefined ? "" : `?epoch=${epoch}`;
  const report = await coordinatorRequest(client, {
    path: `/v1/relays/${relay.toLowerCase()}/report${query}`,
    schema: relayReportResponse,
    signal,
  });
  return {
    relay: report.relay,
    epoch: report.epoch,
    closed: report.closed,
    verifiedBytes: report.verifiedBytes,
    withheldBytes: report.rejectedBytes,
    receipts: report.receipts,
    reasons: Object.entries(report.reasons)
      .map(([code, tally]) => ({ code, description: describeRejection(code), ...tally }))
      .sort((a, b) => b.bytes - a.bytes || a.code.localeCompare(b.code)),
  };
}
