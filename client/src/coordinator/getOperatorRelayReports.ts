import type { Address } from "viem";
import type { RelayReachability } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { getCurrentEpoch } from "./getCurrentEpoch.ts";
import { getRelayReport, type RelayReport } from "./getRelayReport.ts";
import { getRelays } from "./getRelays.ts";

/** One of an operator's relay keys and its report for the last closed epoch. */
export interface OperatorRelayReport {
  readonly relay: Address;
  readonly live: boolean;
  /** The coordinator's probe of the relay's URL: listed to viewers, or pull-only and why. */
  readonly reachability: RelayReachability;
  /** Undefined when no epoch has closed yet. */
  readonly report: RelayReport | undefined;
}

export interface OperatorRelayReports {
  /** The last closed epoch, or null when none has closed yet. */
  readonly epoch: number | null;
  readonly relays: readonly OperatorRelayReport[];
}

/**
 * The relay keys the coordinator lists for an operator's wallet (`operator == wallet`), each
 * with its verified and withheld bytes in the last closed epoch and the reason for every
 * withheld byte.
 */
export async function getOperatorRelayReports(
  client: CoordinatorClient,
  { operator, signal }: { operator: Address; signal?: AbortSignal | undefined },
): Promise<OperatorRelayReports> {
  const [relays, current] = await Promise.all([
    getRelays(client, { signal }),
    getCurrentEpoch(client, { signal }),
  ]);
  const wallet = operator.toLowerCase();
  const epoch = current.lastClosed;
  const own = relays
    .filter((r) => r.operator === wallet)
    .sort((a, b) => a.address.localeCompare(b.address));
  return {
    epoch,
    relays: await Promise.all(
      own.map(async (r) => ({
        relay: r.address,
        live: r.live,
        reachability: r.reachability,
        report:
          epoch === null
            ? undefined
            : await getRelayReport(client, { relay: r.address, epoch, signal }),
      })),
    ),
  };
}
