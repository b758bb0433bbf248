/**
 * Recent fraud decisions over the network: per relay and epoch (the current one and the last
 * closed one), receipts withheld or rejected and the bytes by reason, largest first. The
 * coordinator keeps them per relay (GET /v1/relays/:address/report); this gathers them.
 */
import { z } from "zod";
import type { CoordinatorClient } from "./coordinator-client.ts";
import { hexAddress, reasonRow } from "./schemas.ts";

const MAX_RELAYS = 200;

export const fraudDecisionSchema = z.object({
  relay: hexAddress,
  epoch: z.number(),
  epochClosed: z.boolean(),
  withheldReceipts: z.number(),
  rejectedReceipts: z.number(),
  rejectedBytes: z.number(),
  verifiedBytes: z.number(),
  reasons: z.array(reasonRow),
});
export type FraudDecision = z.infer<typeof fraudDecisionSchema>;

export const fraudDecisionsSchema = z.object({
  epochs: z.array(z.number()),
  relaysChecked: z.number(),
  decisions: z.array(fraudDecisionSchema),
  totals: z.object({
    withheldReceipts: z.number(),
    rejectedReceipts: z.number(),
    rejectedBytes: z.number(),
  }),
});
export type FraudDecisions = z.infer<typeof fraudDecisionsSchema>;

export async function fraudDecisions(
  deps: { coordinator: CoordinatorClient },
  limit: number,
): Promise<FraudDecisions> {
  const { coordinator } = deps;
  const [epoch, { relays }, board] = await Promise.all([
    coordinator.currentEpoch(),
    coordinator.relays(),
    coordinator.leaderboard("bytes", MAX_RELAYS),
  ]);
  const addresses = [
    ...new Set([...relays.map((r) => r.address), ...board.entries.map((e) => e.relay)]),
  ].slice(0, MAX_RELAYS);
  const epochs = [epoch.epoch];
  if (epoch.lastClosed !== null && epoch.lastClosed !== epoch.epoch) epochs.push(epoch.lastClosed);
  const reports = await Promise.all(
    addresses.flatMap((a) => epochs.map((e) => coordinator.relayReport(a, e))),
  );
  const decisions: FraudDecision[] = reports
    .filter((r) => r.receipts.withheld + r.receipts.rejected > 0 || r.rejectedBytes > 0)
    .map((r) => ({
      relay: r.relay,
      epoch: r.epoch,
      epochClosed: r.closed,
      withheldReceipts: r.receipts.withheld,
      rejectedReceipts: r.receipts.rejected,
      rejectedBytes: r.rejectedBytes,
      verifiedBytes: r.verifiedBytes,
      reasons: Object.entries(r.reasons)
        .map(([code, t]) => ({ code, ...t }))
        .sort((a, b) => b.bytes - a.bytes),
    }))
    .sort((a, b) => b.rejectedBytes - a.rejectedBytes || b.epoch - a.epoch)
    .slice(0, limit);
  return {
    epochs,
    relaysChecked: addresses.length,
    decisions,
    totals: {
      withheldReceipts: decisions.reduce((s, d) => s + d.withheldReceipts, 0),
      rejectedReceipts: decisions.reduce((s, d) => s + d.rejectedReceipts, 0),
      rejectedBytes: decisions.reduce((s, d) => s + d.rejectedBytes, 0),
    },
  };
}
