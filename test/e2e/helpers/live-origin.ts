/**
 * A live stream for the packaging tests to relay: the chainless coordinator over a private
 * Redis, the node CLI origin, and ffmpeg publishing a test pattern over RTMP. And the check a
 * player makes through a relay: the playlist, then its newest segment, whose bytes must hash
 * to the entry the origin signed.
 */
import assert from "node:assert/strict";
import { privateKeyToAccount } from "viem/accounts";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { publishTestStream, type Publisher } from "../../../node/test/helpers/publish.ts";
import {
  CHAIN_ID,
  ORIGIN_KEY,
  STAKING_ADDRESS,
  startNode,
  type NodeProcess,
  type StartNodeOptions,
} from "../../../scripts/lib/live-stack.ts";
import { freePort } from "../../../scripts/lib/service.ts";
import { startTestCoordinator, type TestCoordinator } from "./test-coordinator.ts";

export interface LiveOrigin {
  coordinator: TestCoordinator;
  origin: NodeProcess;
  streamId: `0x${string}`;
  /** Starts ffmpeg publishing for `seconds`. */
  publish(seconds: number): Publisher;
  /** Stops the publisher and the coordinator (node processes: stopAll from service.ts). */
  stop(): Promise<void>;
}

/** `tls`: the origin serves HTTPS (see startNode in scripts/lib/live-stack.ts). */
export async function startLiveOrigin(
  options: { tls?: StartNodeOptions["tls"] } = {},
): Promise<LiveOrigin> {
  const coordinator = await startTestCoordinator({
    chainId: CHAIN_ID,
    stakingAddress: STAKING_ADDRESS,
  });
  const { streamId, streamKey } = await coordinator.createStream(
    "packaging",
    privateKeyToAccount(ORIGIN_KEY).address,
  );
  const rtmpPort = await freePort();
  const origin = await startNode({
    coordinatorUrl: coordinator.url,
    name: "origin",
    mode: "origin",
    args: ["--rtmp-host", "127.0.0.1", "--rtmp-port", String(rtmpPort)],
    key: ORIGIN_KEY,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const publishers: Publisher[] = [];
  return {
    coordinator,
    origin,
    streamId,
    publish(seconds) {
      const publisher = publishTestStream(
        `rtmp://127.0.0.1:${rtmpPort}/live/${streamKey}`,
        seconds,
      );
      publishers.push(publisher);
      return publisher;
    },
    async stop() {
      await Promise.all(publishers.map((p) => p.stop()));
      await coordinator.stop();
    },
  };
}

/**
 * Fetches the playlist and its newest segment from `relayUrl` (`fetchImpl`: e.g. one that
 * trusts a test certificate) and checks the segment against the origin-signed entry.
 */
export async function assertRelaysVerifiedSegment(
  live: LiveOrigin,
  relayUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ sequence: number; bytes: number }> {
  const base = `${relayUrl}/streams/${live.streamId}/`;
  const playlist = await fetchImpl(`${base}index.m3u8`);
  assert.equal(playlist.status, 200);
  const text = await playlist.text();
  assert.match(text, /^#EXTM3U/);
  const uris = text.split("\n").filter((line) => line.endsWith(".ts"));
  assert.ok(uris.length >= 2, `playlist lists segments:\n${text}`);
  const last = uris.at(-1)!;
  const sequence = Number(/(\d+)\.ts$/.exec(last)![1]);

  const segment = await fetchImpl(new URL(last, base).href);
  assert.equal(segment.status, 200);
  const bytes = new Uint8Array(await segment.arrayBuffer());
  const [signed] = await live.coordinator.manifest(live.streamId, sequence);
  assert.equal(signed?.sequence, sequence);
  assert.equal(await segmentHash(bytes), signed.hash, "bytes match the origin-signed hash");
  assert.equal(segment.headers.get("x-segment-hash"), signed.hash);
  assert.match(segment.headers.get("x-delivery-statement") ?? "", /^0x[0-9a-f]{130}$/);
  return { sequence, bytes: bytes.length };
}
