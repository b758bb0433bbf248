import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import type { CreateSessionResponse } from "@streamrp2p/protocol/api";
import { createViewer, type ViewerClient } from "@streamrp2p/client";
import type { Address, Hex } from "viem";
import type { HlsLoaderSource } from "./createHlsLoaders.ts";
import { SegmentBuffer } from "./SegmentBuffer.ts";
import type { ViewerStatsEvent } from "./viewerStats.ts";

export interface WatchOptions {
  readonly coordinatorUrl: string;
  readonly chainId: number;
  /** RelayStaking's address: the EIP-712 domain the origin signs manifest entries in. */
  readonly stakingAddress: Address;
  readonly streamId: Hex;
  readonly fetch: typeof globalThis.fetch;
  /** Segments behind the live edge the viewer starts (more than hls.js's live sync count). */
  readonly startBehind?: number;
}

export interface WatchCallbacks {
  readonly onSession: (session: CreateSessionResponse) => void;
  readonly onStats: (event: ViewerStatsEvent) => void;
  readonly onError: (error: Error) => void;
}

export interface Watching {
  readonly source: HlsLoaderSource;
  readonly viewer: ViewerClient;
  stop(): Promise<void>;
}

/** A relay's live playlist for a stream (the node's HLS route). */
export function relayPlaylistUrl(relayUrl: string, streamId: string): string {
  return `${relayUrl.replace(/\/+$/, "")}/streams/${streamId}/index.m3u8`;
}

/**
 * Opens a viewer session and starts the protocol's viewer client (fetch from the assigned
 * relays, verify every segment against the origin-signed manifest and every LL-HLS part against
 * its origin-signed part entry, fail over, sign and post cumulative receipts with the session
 * key to each relay); verified segments and parts go into the buffer hls.js plays from. Resolves once the session is open.
 */
export async function startWatching(
  options: WatchOptions,
  callbacks: WatchCallbacks,
): Promise<Watching> {
  const buffer = new SegmentBuffer();
  const viewer = createViewer({
    coordinatorUrl: options.coordinatorUrl,
    streamId: options.streamId,
    domain: relayStakingDomain(options.chainId, options.stakingAddress),
    fetch: options.fetch,
    startBehind: options.startBehind ?? 4,
  });
  viewer
    .on("session", callbacks.onSession)
    .on("segment", (event) => {
      buffer.put(event.sequence, event.bytes);
      callbacks.onStats({
        type: "segment",
        relay: event.relay,
        sequence: event.sequence,
        bytes: event.bytes.byteLength,
        fetchMs: event.fetchMs,
      });
    })
    .on("part", (event) => buffer.put(event.sequence, event.bytes, event.part))
    .on("failover", (event) =>
      callbacks.onStats({
        type: "failover",
        from: event.from,
        to: event.to,
        reason: event.reason,
        tampered: event.tampered,
        at: Date.now(),
      }),
    )
    .on("receipt", (event) =>
      callbacks.onStats({
        type: "receipt",
        relay: event.receipt.relay,
        bytes: event.receipt.bytes,
        accepted: event.accepted,
      }),
    )
    .on("error", callbacks.onError);
  await viewer.start();
  return {
    viewer,
    source: {
      buffer,
      playlistUrl: () =>
        viewer.relay ? relayPlaylistUrl(viewer.relay.url, options.streamId) : undefined,
    },
    stop: () => viewer.stop(),
  };
}
