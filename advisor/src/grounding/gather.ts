/**
 * The live figures an advisor is given before it answers: the network summary for everyone,
 * then what each persona weighs (fraud decisions, pools and runway, leaderboards), plus the
 * relay or pool the question is about. A source that cannot be read is named, not invented.
 */
import type { PersonaId } from "../personas.ts";
import type { ChainReader } from "./chain-reader.ts";
import type { CoordinatorClient } from "./coordinator-client.ts";
import { fraudDecisions } from "./fraud-decisions.ts";
import { leaderboard } from "./leaderboard.ts";
import { networkSummary } from "./network-summary.ts";
import { poolRunway } from "./pool-runway.ts";
import { relayEarnings } from "./relay-earnings.ts";

/** Pools whose runway the economic architect reads when no pool is named. */
const POOLS_READ = 5;

export interface GroundingDeps {
  coordinator: CoordinatorClient;
  chain?: ChainReader | undefined;
  clock?: () => number;
}

export interface Focus {
  relay?: `0x${string}` | undefined;
  poolId?: string | undefined;
}

export interface Grounding {
  figures: Record<string, unknown>;
  errors: string[];
}

type Source = "network" | "fraud" | "pools" | "earningsLeaderboard" | "bytesLeaderboard";

const SOURCES: Record<PersonaId, readonly Source[]> = {
  infrastructure: ["network", "fraud", "bytesLeaderboard"],
  economics: ["network", "pools", "earningsLeaderboard"],
  community: ["network", "bytesLeaderboard", "fraud"],
};

export async function gatherGrounding(
  deps: GroundingDeps,
  personas: readonly PersonaId[],
  focus: Focus,
): Promise<Grounding> {
  const wanted = new Set(personas.flatMap((p) => SOURCES[p]));
  const reads: [string, () => Promise<unknown>][] = [];
  if (wanted.has("network")) reads.push(["network", () => networkSummary(deps)]);
  if (wanted.has("fraud")) reads.push(["fraudDecisions", () => fraudDecisions(deps, 20)]);
  if (wanted.has("bytesLeaderboard"))
    reads.push(["leaderboardByBytes", () => leaderboard(deps, "bytes", 10)]);
  if (wanted.has("earningsLeaderboard"))
    reads.push(["leaderboardByEarnings", () => leaderboard(deps, "earnings", 10)]);
  if (wanted.has("pools") && focus.poolId === undefined)
    reads.push([
      "pools",
      async () => {
        const { pools } = await deps.coordinator.pools();
        return Promise.all(pools.slice(0, POOLS_READ).map((p) => poolRunway(deps, p.poolId)));
      },
    ]);
  if (focus.relay) {
    const relay = focus.relay;
    reads.push([`relay ${relay}`, () => relayEarnings(deps, relay)]);
  }
  if (focus.poolId !== undefined) {
    const poolId = focus.poolId;
    reads.push([`pool ${poolId}`, () => poolRunway(deps, poolId)]);
  }
  const settled = await Promise.allSettled(reads.map(([, read]) => read()));
  const figures: Record<string, unknown> = {};
  const errors: string[] = [];
  settled.forEach((s, i) => {
    const name = reads[i]![0];
    if (s.status === "fulfilled") figures[name] = s.value;
    else errors.push(`${name}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`);
  });
  return { figures, errors };
}
