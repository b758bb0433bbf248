/** Relays ranked by verified bytes or attested earnings, with how concentrated the top is. */
import { z } from "zod";
import { decimalString, hexAddress } from "./schemas.ts";
import type { CoordinatorClient } from "./coordinator-client.ts";

export const leaderboardSchema = z.object({
  by: z.enum(["bytes", "earnings"]),
  entries: z.array(
    z.object({
      rank: z.number(),
      relay: hexAddress,
      value: decimalString,
      sharePercent: z.number(),
    }),
  ),
  total: decimalString,
  /** Share of the listed total held by the first relay and by the first three (percent). */
  concentration: z.object({ top1Percent: z.number(), top3Percent: z.number() }),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

const percent = (part: bigint, whole: bigint) =>
  whole === 0n ? 0 : Number((part * 10_000n) / whole) / 100;

export async function leaderboard(
  deps: { coordinator: CoordinatorClient },
  by: "bytes" | "earnings",
  limit: number,
): Promise<Leaderboard> {
  const board = await deps.coordinator.leaderboard(by, limit);
  const values = board.entries.map((e) => BigInt(e.value));
  const total = values.reduce((s, v) => s + v, 0n);
  return {
    by: board.by,
    entries: board.entries.map((e, i) => ({ ...e, sharePercent: percent(values[i]!, total) })),
    total: total.toString(),
    concentration: {
      top1Percent: percent(values[0] ?? 0n, total),
      top3Percent: percent(
        values.slice(0, 3).reduce((s, v) => s + v, 0n),
        total,
      ),
    },
  };
}
