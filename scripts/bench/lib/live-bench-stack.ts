/**
 * The live path the benchmarks measure: the real coordinator (createApp over a private Redis),
 * a node CLI origin with RTMP ingest, a tier-1 relay pulling from it and optionally a tier-2
 * relay pulling from tier 1, plus ffmpeg publishing a generated test stream. All on 127.0.0.1.
 */
import { privateKeyToAccount } from "viem/accounts";
import { publishTestStream, type Publisher } from "../../../node/test/helpers/publish.ts";
import {
  startTestCoordinator,
  type TestCoordinator,
} from "../../../test/e2e/helpers/test-coordinator.ts";
import {
  CHAIN_ID,
  OPERATOR_KEYS,
  ORIGIN_KEY,
  STAKING_ADDRESS,
  startNode,
  waitForSegments,
  type NodeProcess,
} from "../../lib/live-stack.ts";
import { freePort, stopAll } from "../../lib/service.ts";

export interface LiveBenchStack {
  coordinator: TestCoordinator;
  streamId: `0x${string}`;
  origin: NodeProcess;
  tier1: NodeProcess;
  tier2: NodeProcess | undefined;
  /** Starts ffmpeg publishing for `seconds`; resolves once the last relay holds `segments` segments. */
  publish(seconds: number, segments?: number): Promise<Publisher>;
  stop(): Promise<void>;
}

export async function startLiveBenchStack(options: {
  tier2: boolean;
  log: boolean;
  /** The tier-1 relay's --workers (default 1). */
  tier1Workers?: number;
}): Promise<LiveBenchStack> {
  const coordinator = await startTestCoordinator({
    chainId: CHAIN_ID,
    stakingAddress: STAKING_ADDRESS,
  });
  const publishers: Publisher[] = [];
  try {
    const { streamId, streamKey } = await coordinator.createStream(
      "bench",
      privateKeyToAccount(ORIGIN_KEY).address,
    );
    const rtmpPort = await freePort();
    const common = {
      coordinatorUrl: coordinator.url,
      logLevel: options.log ? "info" : "warn",
      log: options.log ? ("inherit" as const) : ("ignore" as const),
      // Chainless benchmark: relays skip the on-chain origin signer check on purpose.
      originCheck: "insecure-skip" as const,
    };
    const origin = await startNode({
      ...common,
      name: "origin",
      mode: "origin",
      args: ["--rtmp-host", "127.0.0.1", "--rtmp-port", String(rtmpPort)],
      key: ORIGIN_KEY,
    });
    const relayArgs = (tier: number, upstreams: string[]) => [
      ...["--tier", String(tier), "--poll-interval", "100", "--stream", streamId],
      ...upstreams.flatMap((u) => ["--upstream", u]),
    ];
    const tier1 = await startNode({
      ...common,
      name: "tier1",
      mode: "relay",
      args: [...relayArgs(1, [origin.url]), "--workers", String(options.tier1Workers ?? 1)],
      key: OPERATOR_KEYS[0],
    });
    const tier2 = options.tier2
      ? await startNode({
          ...common,
          name: "tier2",
          mode: "relay",
          args: relayArgs(2, [tier1.url, origin.url]),
          key: OPERATOR_KEYS[1],
        })
      : undefined;
    return {
      coordinator,
      streamId,
      origin,
      tier1,
      tier2,
      async publish(seconds, segments = 1) {
        const publisher = publishTestStream(
          `rtmp://127.0.0.1:${rtmpPort}/live/${streamKey}`,
          seconds,
        );
        publishers.push(publisher);
        await waitForSegments(tier2 ?? tier1, segments - 1, 30_000);
        return publisher;
      },
      async stop() {
        for (const p of publishers) await p.stop();
        await stopAll();
        await coordinator.stop();
      },
    };
  } catch (error) {
    for (const p of publishers) await p.stop();
    await stopAll();
    await coordinator.stop();
    throw error;
  }
}
