import type { Address, Hex, TypedDataDomain } from "viem";
import {
  createCoordinatorClient,
  type CoordinatorClient,
} from "../coordinator/createCoordinatorClient.ts";
import { ViewerClient } from "./ViewerClient.ts";
import type { ViewerRelay } from "./ViewerEvents.ts";

export interface ViewerOptions {
  /** The coordinator to open sessions with: a client, or its base URL (then `fetch` reaches it). */
  coordinator?: CoordinatorClient;
  coordinatorUrl?: string;
  streamId: Hex;
  /** relayStakingDomain(chainId, stakingAddress): the domain manifest entries are signed in. */
  domain: TypedDataDomain;
  /** The stream's origin key; fetched from the coordinator (GET /v1/streams/:id) when absent. */
  originAddress?: Address;
  fetch?: typeof globalThis.fetch;
  /** Wall clock in ms; default Date.now. */
  now?: () => number;
  /** Per-request timeout; a relay that does not answer in time is failed over. Default 2000. */
  requestTimeoutMs?: number;
  /** Playlist poll interval, ms. Default 500. */
  pollIntervalMs?: number;
  /**
   * How long a relay may hold a blocking playlist reload (LL-HLS `_HLS_msn`) before answering;
   * 0 disables blocking reloads. Default 1000.
   */
  blockMs?: number;
  /** How many segments behind the live edge to start. Default 2. */
  startBehind?: number;
  viewerAddress?: Address;
  /** Relays to use instead of (in place of) the session's list, e.g. a relay URL the user chose. */
  relays?: ViewerRelay[];
  /** How often receipts are signed and posted to the relays, ms; 0 disables receipts. Default 2000. */
  receiptIntervalMs?: number;
}

/** A viewer for one stream: resolves the options' defaults and builds its dependencies. */
export function createViewer(options: ViewerOptions): ViewerClient {
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const coordinator =
    options.coordinator ??
    createCoordinatorClient({
      baseUrl: options.coordinatorUrl ?? "",
      fetch: fetcher,
      timeoutMs: requestTimeoutMs,
    });
  if (!coordinator.baseUrl) throw new Error("createViewer needs a coordinator or coordinatorUrl");
  return new ViewerClient({
    coordinator,
    fetch: fetcher,
    now: options.now ?? Date.now,
    streamId: options.streamId,
    domain: options.domain,
    originAddress: options.originAddress,
    viewerAddress: options.viewerAddress,
    relays: options.relays,
    requestTimeoutMs,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    blockMs: options.blockMs ?? 1000,
    startBehind: options.startBehind ?? 2,
    receiptIntervalMs: options.receiptIntervalMs ?? 2000,
  });
}
