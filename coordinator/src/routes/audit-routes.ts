/** Spot checks: the evidence of a relay key's failed checks (the auditor, audit/relay-auditor.ts). */
import { z } from "zod";
import { address, relayAuditsResponse } from "@streamrp2p/protocol";
import { defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

export function auditRoutes(services: Services): Route[] {
  const { config } = services;
  return [
    defineRoute({
      method: "get",
      path: "/v1/relays/:address/audits",
      operationId: "getRelayAudits",
      summary: `The relay key's failed spot checks, newest first (at most AUDIT_EVIDENCE_MAX = ${config.auditEvidenceMax}): the segment, the origin-signed size and hash against what the relay served, its delivery statement, the timing, what it claimed, and the epoch it is withheld for (reason code \`audit-*\` in its report).`,
      tag: "relays",
      params: z.strictObject({ address }),
      response: { status: 200, description: "The evidence.", schema: relayAuditsResponse },
      errors: ["VALIDATION_FAILED"],
      async handler({ params }) {
        return {
          status: 200,
          body: { relay: params.address, audits: await services.audits.evidence(params.address) },
        };
      },
    }),
  ];
}
