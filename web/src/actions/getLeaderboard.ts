import type { Address } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { addressField, bigintField, record } from "../lib/fields.ts";
import { listOf, schemaFrom } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type LeaderboardMetric = "bytes" | "earnings";

export interface LeaderboardEntry {
  readonly address: Address;
  readonly bytes: bigint;
  readonly earnings: bigint;
}

// Provisional until protocol/src/api.ts carries the schema for this route.
const leaderboardEntry = schemaFrom((value): LeaderboardEntry => {
  const obj = record(value, "leaderboard entry");
  return {
    address: addressField(obj, "address"),
    bytes: bigintField(obj, "bytes"),
    earnings: bigintField(obj, "earnings"),
  };
});

/** Relays ranked by bytes delivered or by earnings (GET /v1/leaderboard?by=). */
export function getLeaderboard(
  client: CoordinatorClient,
  { by, signal }: { by: LeaderboardMetric; signal?: AbortSignal },
): Promise<LeaderboardEntry[]> {
  return coordinatorRequest(client, {
    path: `/v1/leaderboard?by=${by}`,
    schema: listOf(leaderboardEntry, "entries"),
    ...(signal ? { signal } : {}),
  });
}
