/** Receipts: relays post their sessions' latest receipts; anyone reads a relay's epoch report. */
import { z } from "zod";
import {
  address,
  receiptBatch,
  receiptBatchResponse,
  relayReportQuery,
  relayReportResponse,
} from "@streamrp2p/protocol";
import { epochAt } from "../core/epoch-window.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

export function receiptRoutes(services: Services): Route[] {
  return [
    defineRoute({
      method: "post",
      path: "/v1/receipts",
      operationId: "postReceipts",
      summary:
        "A relay posts the latest viewer-signed receipt of each session it serves. The batch is stored durably before the answer, then verified and credited once (a replayed, duplicated or older receipt adds nothing); decisions show in the relay's report.",
      tag: "receipts",
      auth: true,
      body: receiptBatch,
      response: {
        status: 202,
        description: "Queued for evaluation.",
        schema: receiptBatchResponse,
      },
      errors: [...BODY_ERRORS, "UNAUTHORIZED"],
      async handler({ body, relay }) {
        await services.receipts.append(relay!, body.receipts, services.clock());
        services.metrics.receiptsAccepted.inc(body.receipts.length);
        return { status: 202, body: { accepted: body.receipts.length } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/relays/:address/report",
      operationId: "getRelayReport",
      summary:
        "A relay's verified and rejected bytes in one epoch (default: the current one), receipts by decision, and rejected bytes by reason with the latest explanation.",
      tag: "receipts",
      params: z.strictObject({ address }),
      query: relayReportQuery,
      response: { status: 200, description: "The report.", schema: relayReportResponse },
      errors: ["VALIDATION_FAILED"],
      async handler({ params, query }) {
        const epoch = query.epoch ?? epochAt(services.clock(), services.epochs.schedule).epoch;
        const [report, closed] = await Promise.all([
          services.receiptLedger.report(epoch, params.address),
          services.epochs.closedThrough(),
        ]);
        return {
          status: 200,
          body: { ...report, epoch, closed: closed !== null && closed >= epoch },
        };
      },
    }),
  ];
}
