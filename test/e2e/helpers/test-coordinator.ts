/**
 * The real coordinator for end-to-end tests: createApp over a private Redis (scripts/lib),
 * chainless (REQUIRE_STAKE=false), listening on a free loopback port. Streams are created as
 * the web app creates them: signed by a (throwaway) owner wallet.
 */
import { Redis } from "ioredis";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createCoordinatorClient, createOwnedStream } from "@streamrp2p/client";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import {
  createApp,
  createServices,
  defineConfig,
  listen,
  noStakeReader,
  redisKeys,
  RelayStore,
} from "../../../coordinator/src/index.ts";
import { startRedis } from "../../../scripts/lib/redis-server.ts";

export interface TestCoordinator {
  url: string;
  createStream(
    name: string,
    originAddress: string,
  ): Promise<{ streamId: `0x${string}`; streamKey: string }>;
  /** Origin-signed entries the coordinator accepted, sequence >= from. */
  manifest(streamId: string, from: number): Promise<SignedManifestEntry[]>;
  /** What a relay reported fetching, and from where. */
  fetchLogFrom(
    relay: string,
    streamId: string,
  ): Promise<{ sequence: number; hash: string; from: string }[]>;
  stop(): Promise<void>;
}

export async function startTestCoordinator(options: {
  chainId: number;
  stakingAddress: string;
  /** RELEASE_MANIFEST_FILE: served at GET /v1/releases/current. */
  releaseManifestFile?: string;
}): Promise<TestCoordinator> {
  const redisServer = await startRedis();
  const config = defineConfig({
    chainId: options.chainId,
    stakingAddress: options.stakingAddress,
    redisUrl: redisServer.url,
    requireStake: false,
    maxSessionsPerAddress: 1000,
    rateLimitMax: 1_000_000,
    logLevel: "silent",
    releaseManifestFile: options.releaseManifestFile,
  });
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 2 });
  const app = createApp(
    createServices({
      config,
      redis,
      logger: pino({ level: process.env.E2E_COORDINATOR_LOG ?? "silent" }),
      stakeReader: noStakeReader,
    }),
  );
  const server = await listen(app, 0, "127.0.0.1");
  const relays = new RelayStore(redis, redisKeys(config.redisPrefix));
  const client = createCoordinatorClient({ baseUrl: server.url });
  // The streams' owner: a throwaway wallet that signs each stream's creation.
  const owner = privateKeyToAccount(generatePrivateKey());

  const json = async (path: string, init?: RequestInit): Promise<unknown> => {
    const response = await fetch(`${server.url}${path}`, init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url: server.url,
    async createStream(name, originAddress) {
      const created = await createOwnedStream(client, owner, {
        chainId: options.chainId,
        name,
        originAddress: originAddress as `0x${string}`,
        now: Date.now(),
      });
      return { streamId: created.streamId, streamKey: created.streamKey };
    },
    async manifest(streamId, from) {
      return (
        (await json(`/v1/streams/${streamId}/manifest?from=${from}&limit=1000`)) as {
          entries: SignedManifestEntry[];
        }
      ).entries;
    },
    async fetchLogFrom(relay, streamId) {
      return relays.fetchLog(streamId, relay.toLowerCase());
    },
    async stop() {
      await server.close();
      redis.disconnect();
      await redisServer.stop();
    },
  };
}
