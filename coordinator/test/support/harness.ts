/**
 * Test harness: a real redis-server on a free port, the app built by createApp and served on
 * port 0, JSON helpers over real HTTP, signing helpers, and a snapshot of Redis to prove a
 * failed request changed nothing.
 */
import { Redis } from "ioredis";
import { pino, type Logger } from "pino";
import { privateKeyToAccount, generatePrivateKey, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { randomBytes } from "node:crypto";
import type { LocalAccount } from "viem";
import {
  coordinatorDomain,
  createStreamTypes,
  linkPoolTypes,
  manifestEntryTypes,
  relayStakingDomain,
  type SignedManifestEntry,
} from "@streamrp2p/protocol";
import { startRedis, type RedisServer } from "../../../scripts/lib/redis-server.ts";
import { createApp } from "../../src/app.ts";
import { createServices } from "../../src/services.ts";
import { defineConfig, type Config } from "../../src/config.ts";
import { listen, type Listening } from "../../src/listen.ts";
import type { StakeReader } from "../../src/stake/stake-reader.ts";

export const CHAIN_ID = 31337;
export const STAKING_ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const;

/** A fake chain: the addresses in `staked` are active; relay keys are their own operators unless mapped. */
export class FakeStake implements StakeReader {
  readonly staked = new Set<string>();
  readonly operators = new Map<string, `0x${string}` | null>();
  calls = 0;
  /** Reads of the chain of any kind (one per call, however many addresses it names). */
  reads = 0;
  async isActive(address: `0x${string}`): Promise<boolean> {
    this.calls += 1;
    this.reads += 1;
    return this.staked.has(address.toLowerCase());
  }
  /** One multicall for many operators. */
  async areActive(operators: readonly `0x${string}`[]): Promise<boolean[]> {
    this.reads += 1;
    return operators.map((o) => this.staked.has(o.toLowerCase()));
  }
  /** One multicall for many relay keys. */
  async operatorsOf(relayKeys: readonly `0x${string}`[]): Promise<(`0x${string}` | null)[]> {
    this.reads += 1;
    return relayKeys.map((k) => {
      const key = k.toLowerCase() as `0x${string}`;
      return this.operators.has(key) ? this.operators.get(key)! : key;
    });
  }
  async operatorOf(relayKey: `0x${string}`): Promise<`0x${string}` | null> {
    this.reads += 1;
    const key = relayKey.toLowerCase() as `0x${string}`;
    return this.operators.has(key) ? this.operators.get(key)! : key;
  }
}

export interface Harness {
  redisServer: RedisServer;
  redis: Redis;
  config: Config;
  stake: FakeStake;
  server: Listening;
  url: string;
  /** Clock the app sees; tests move it. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function startHarness(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  logger: Logger = pino({ level: "silent" }),
): Promise<Harness> {
  const redisServer = await startRedis();
  let config: Config;
  try {
    config = defineConfig({
      redisUrl: redisServer.url,
      chainId: CHAIN_ID,
      stakingAddress: STAKING_ADDRESS,
      requireStake: true,
      chainRpcUrl: "http://127.0.0.1:1",
      relayProbe: false, // relays here advertise URLs nobody serves; probes are tested on their own
      manifestSlackMs: 120_000, // tests publish a backlog of segments at once
      logLevel: "silent",
      ...overrides,
    });
  } catch (error) {
    await redisServer.stop();
    throw error;
  }
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  const stake = new FakeStake();
  const clock = { now: Date.now() };
  const app = createApp(
    createServices({
      config,
      redis,
      logger,
      stakeReader: stake,
      clock: () => clock.now,
    }),
  );
  const server = await listen(app, 0);
  return {
    redisServer,
    redis,
    config,
    stake,
    server,
    url: server.url,
    clock,
    async close() {
      await server.close();
      redis.disconnect();
      await redisServer.stop();
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  h: Harness,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.raw !== undefined)
    headers["content-type"] ??= "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${h.url}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (metrics)
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Every key and value under the prefix except rate-limit counters and the stake and operator caches. */
export async function snapshot(h: Harness): Promise<Record<string, unknown>> {
  const keys = (await h.redis.keys(`${h.config.redisPrefix}*`))
    .filter((k) => !/:(rate|stake|operator-of):/.test(k))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const type = await h.redis.type(key);
    if (type === "string") out[key] = await h.redis.get(key);
    else if (type === "hash") out[key] = await h.redis.hgetall(key);
    else if (type === "zset") out[key] = await h.redis.zrange(key, 0, -1, "WITHSCORES");
    else out[key] = type;
  }
  return out;
}

export function newAccount(): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey());
}

export const hash32 = (n: number): `0x${string}` => `0x${n.toString(16).padStart(64, "0")}`;

export async function signEntry(
  account: PrivateKeyAccount,
  entry: Omit<SignedManifestEntry, "signature">,
  chainId = CHAIN_ID,
  staking: `0x${string}` = STAKING_ADDRESS,
): Promise<SignedManifestEntry> {
  const signature = await account.signTypedData({
    domain: relayStakingDomain(chainId, staking),
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: { ...entry, sequence: BigInt(entry.sequence) },
  });
  return { ...entry, signature };
}

/** The body of POST /v1/streams, signed by `owner` (EIP-712 CreateStream). */
export async function createStreamBody(
  owner: PrivateKeyAccount | LocalAccount,
  origin: { address: `0x${string}` },
  options: { name?: string; salt?: `0x${string}`; maxBitrate?: number; deadline?: number } = {},
) {
  const body = {
    name: options.name ?? "test stream",
    originAddress: origin.address,
    owner: owner.address,
    salt: options.salt ?? (`0x${randomBytes(32).toString("hex")}` as `0x${string}`),
    maxBitrate: options.maxBitrate ?? 50_000_000,
    deadline: options.deadline ?? Math.floor(Date.now() / 1000) + 600,
  };
  const ownerSignature = await owner.signTypedData({
    domain: coordinatorDomain(CHAIN_ID),
    types: createStreamTypes,
    primaryType: "CreateStream",
    message: { ...body, maxBitrate: BigInt(body.maxBitrate), deadline: BigInt(body.deadline) },
  });
  return { ...body, ownerSignature };
}

/** The body of POST /v1/streams/:id/pools, signed by the pool's owner (EIP-712 LinkPool). */
export async function linkPoolBody(
  owner: PrivateKeyAccount | LocalAccount,
  streamId: `0x${string}`,
  poolId: bigint,
  deadline = Math.floor(Date.now() / 1000) + 600,
) {
  const signature = await owner.signTypedData({
    domain: coordinatorDomain(CHAIN_ID),
    types: linkPoolTypes,
    primaryType: "LinkPool",
    message: { streamId, poolId, deadline: BigInt(deadline) },
  });
  return { poolId: poolId.toString(), deadline, signature };
}

export async function createStream(
  h: Harness,
  origin: PrivateKeyAccount,
  name = "test stream",
  owner: PrivateKeyAccount = newAccount(),
) {
  const res = await call(h, "POST", "/v1/streams", {
    body: await createStreamBody(owner, origin, {
      name,
      deadline: Math.floor(h.clock.now / 1000) + 600,
    }),
  });
  if (res.status !== 201)
    throw new Error(`createStream: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { streamId: `0x${string}`; streamKey: string; originAddress: string };
}

export async function siweMessage(
  h: Harness,
  account: PrivateKeyAccount,
  overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {},
) {
  const { body } = await call(h, "GET", "/v1/auth/nonce");
  return createSiweMessage({
    address: account.address,
    chainId: CHAIN_ID,
    domain: new URL(h.url).host,
    nonce: body.nonce,
    uri: h.url,
    version: "1",
    issuedAt: new Date(h.clock.now),
    ...overrides,
  });
}

export async function login(h: Harness, account: PrivateKeyAccount): Promise<string> {
  const message = await siweMessage(h, account);
  const signature = await account.signMessage({ message });
  const res = await call(h, "POST", "/v1/auth/login", { body: { message, signature } });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export function heartbeatBody(overrides: Record<string, unknown> = {}) {
  return {
    url: "http://127.0.0.1:9001",
    tier: 1,
    upstream: "http://127.0.0.1:8000",
    streams: [],
    load: 0.1,
    bytesServed: 0,
    viewers: 0,
    version: "0.1.0",
    ...overrides,
  };
}
