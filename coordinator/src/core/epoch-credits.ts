/** Relay reports -> the per (pool, relay) credits an epoch close pays out. */
import type { Address } from "viem";
import type { EpochCredit } from "./close-epoch.ts";
import type { RelayEpochReport } from "./relay-epoch-report.ts";

/**
 * Sums each relay's verified bytes per pool, through the stream -> pool mapping. Streams
 * without a pool yield no credit (their bytes stay visible in the relay's report).
 */
export function epochCredits(
  reports: Iterable<RelayEpochReport>,
  poolOfStream: (streamId: string) => bigint | undefined,
): EpochCredit[] {
  const byKey = new Map<string, EpochCredit>();
  for (const report of reports) {
    for (const [streamId, bytes] of Object.entries(report.verifiedByStream)) {
      const poolId = poolOfStream(streamId);
      if (poolId === undefined || bytes <= 0) continue;
      const key = `${poolId}:${report.relay}`;
      const credit = byKey.get(key);
      if (credit) credit.bytes += BigInt(bytes);
      else byKey.set(key, { poolId, relay: report.relay as Address, bytes: BigInt(bytes) });
    }
  }
  return [...byKey.values()];
}
