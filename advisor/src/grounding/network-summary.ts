/** The network at a glance: streams, relays, viewers, bytes this epoch, pools. */
import { z } from "zod";
import type { CoordinatorClient } from "./coordinator-client.ts";
import { decimalString, receiptCounts } from "./schemas.ts";

/** Reports fetched per summary: bytes this epoch are summed over at most this many relays. */
const MAX_RELAYS = 200;
/** Open sessions are counted over at most this many live streams. */
const MAX_STREAMS = 50;

export const networkSummarySchema = z.object({
  coordinatorUrl: z.string(),
  at: z.string(),
  epoch: z.object({
    current: z.number(),
    endsAt: z.string(),
    lengthSeconds: z.number(),
    lastClosed: z.number().nullable(),
  }),
  receiptBacklog: z.number(),
  streams: z.object({ total: z.number(), live: z.number() }),
  relays: z.object({
    known: z.number(),
    live: z.number(),
    staked: z.number(),
    tiers: z.record(z.string(), z.number()),
  }),
  viewers: z.object({ openSessions: z.number(), reportedByRelays: z.number() }),
  bytes: z.object({
    verifiedThisEpoch: z.number(),
    rejectedThisEpoch: z.number(),
    servedReportedByRelays: z.number(),
  }),
  receiptsThisEpoch: receiptCounts,
  pools: z.object({
    count: z.number(),
    balance: decimalString,
    outstanding: decimalString,
    claimed: decimalString,
  }),
});
export type NetworkSummary = z.infer<typeof networkSummarySchema>;

export async function networkSummary(deps: {
  coordinator: CoordinatorClient;
  clock?: () => number;
}): Promise<NetworkSummary> {
  const { coordinator } = deps;
  const now = (deps.clock ?? Date.now)();
  const [epoch, { streams }, { relays }, { pools }] = await Promise.all([
    coordinator.currentEpoch(),
    coordinator.streams(),
    coordinator.relays(),
    coordinator.pools(),
  ]);
  const liveStreams = streams.filter((s) => s.live);
  const liveRelays = relays.filter((r) => r.live);
  const [details, reports] = await Promise.all([
    Promise.all(liveStreams.slice(0, MAX_STREAMS).map((s) => coordinator.stream(s.streamId))),
    Promise.all(relays.slice(0, MAX_RELAYS).map((r) => coordinator.relayReport(r.address))),
  ]);
  const tiers: Record<string, number> = {};
  for (const r of liveRelays) tiers[String(r.tier)] = (tiers[String(r.tier)] ?? 0) + 1;
  const receipts = { credited: 0, withheld: 0, rejected: 0, ignored: 0 };
  for (const report of reports)
    for (const k of Object.keys(receipts) as (keyof typeof receipts)[])
      receipts[k] += report.receipts[k];
  const sum = (xs: readonly string[]) => xs.reduce((s, x) => s + BigInt(x), 0n).toString();
  return {
    coordinatorUrl: coordinator.url,
    at: new Date(now).toISOString(),
    epoch: {
      current: epoch.epoch,
      endsAt: new Date(epoch.endsAt).toISOString(),
      lengthSeconds: epoch.lengthSeconds,
      lastClosed: epoch.lastClosed,
    },
    receiptBacklog: epoch.backlog,
    streams: { total: streams.length, live: liveStreams.length },
    relays: {
      known: relays.length,
      live: liveRelays.length,
      staked: relays.filter((r) => r.staked).length,
      tiers,
    },
    viewers: {
      openSessions: details.reduce((s, d) => s + d.viewers, 0),
      reportedByRelays: liveRelays.reduce((s, r) => s + r.viewers, 0),
    },
    bytes: {
      verifiedThisEpoch: reports.reduce((s, r) => s + r.verifiedBytes, 0),
      rejectedThisEpoch: reports.reduce((s, r) => s + r.rejectedBytes, 0),
      servedReportedByRelays: liveRelays.reduce((s, r) => s + r.bytesServed, 0),
    },
    receiptsThisEpoch: receipts,
    pools: {
      count: pools.length,
      balance: sum(pools.map((p) => p.balance)),
      outstanding: sum(pools.map((p) => p.outstanding)),
      claimed: sum(pools.map((p) => p.claimedTotal)),
    },
  };
}
