/**
 * Receipts verified and credited per second end to end through the coordinator: a real
 * redis-server, the coordinator app and its workers in this process (on the coordinator's own
 * Redis client, auto-pipelined as main.ts connects it), batches of pre-signed
 * receipts POSTed over HTTP by a signed-in relay for many sessions (two rounds, so the second
 * round moves existing baselines), timed until every batch was credited. Against it, in the
 * same run, the raw rate of the same crypto on the same receipts: the coordinator's
 * `verifyMany` (node:crypto on libuv's thread pool, key import included) with nothing else.
 * Then an epoch close of 100,000 (pool, relay) pairs (100 pools x 1,000 relays) through the
 * Redis-backed closer: read credits, pools and ledger, compute, save the plan (fenced), commit it
 * per ledger shard and per pool, mark the epoch closed.
 * Both rates depend on what else runs on the machine, so the CPU each spent per receipt is
 * reported too (this process from process.cpuUsage, redis-server from /proc): their quotient,
 * cpuRatio, is what verifyRatio would be with every core busy in both runs.
 *   node scripts/bench/receipts.ts [--json] [--sessions N]
 */
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createSiweMessage } from "viem/siwe";
import { signCreateStream } from "@streamrp2p/client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  encodeReceipt,
  type Receipt,
  manifestEntryTypes,
  relayStakingDomain,
} from "@streamrp2p/protocol";
import { createApp } from "../../coordinator/src/app.ts";
import { defineConfig } from "../../coordinator/src/config.ts";
import { createReceiptVerifier } from "../../coordinator/src/core/receipt-verifier.ts";
import { createEpochCloser } from "../../coordinator/src/epochs/epoch-closer.ts";
import { EpochLedger } from "../../coordinator/src/epochs/epoch-ledger.ts";
import { listen } from "../../coordinator/src/listen.ts";
import { noStakeReader } from "../../coordinator/src/stake/stake-reader.ts";
import { ALL_LEDGER_SHARDS, ledgerShard, redisKeys } from "../../coordinator/src/store/keys.ts";
import { PoolStore } from "../../coordinator/src/store/pool-store.ts";
import type { StoredSession } from "../../coordinator/src/store/session-store.ts";
import { createServices } from "../../coordinator/src/services.ts";
import { createWorkers } from "../../coordinator/src/workers.ts";
import { connectRedis } from "../../coordinator/src/store/redis-client.ts";
import { startRedis } from "../lib/redis-server.ts";
import { report } from "./report.ts";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    sessions: { type: "string", default: "20000" },
  },
});
const SESSIONS = Number(values.sessions);
const ROUNDS = 2;
const BATCH = 1000;
const IN_FLIGHT = 4;
const SEGMENT_BYTES = 100_000;
const CHAIN_ID = 31337;
const STAKING = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const;

const json = async (
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as any;
};

/** CPU (user + system) of this process, in µs. */
const processCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** utime + stime of another process, in µs (Linux /proc, 100 ticks a second). */
const pidCpuUs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};

const redisServer = await startRedis();
const redis = connectRedis({ redisUrl: redisServer.url, redisClusterNodes: [] });
const config = defineConfig({
  redisUrl: redisServer.url,
  chainId: CHAIN_ID,
  stakingAddress: STAKING,
  requireStake: false,
  rateLimitMax: 1_000_000,
  bodyLimitBytes: 16 * 1024 * 1024,
  epochSeconds: 3600,
  receiptConcurrency: 4,
  relayProbe: false, // the bench relay advertises a URL nobody serves
  manifestSlackMs: 120_000, // the bench publishes its 20 segments at once
  logLevel: "silent",
});
const logger = pino({ level: "silent" });
const services = createServices({ config, redis, logger, stakeReader: noStakeReader });
const server = await listen(createApp(services), 0, "127.0.0.1");
const workers = createWorkers(services);
const keys = redisKeys(config.redisPrefix);
try {
  // A stream with 20 one-second segments, and a signed-in relay that fetched them all.
  const origin = privateKeyToAccount(generatePrivateKey());
  const relay = privateKeyToAccount(generatePrivateKey());
  const relayAddress = relay.address.toLowerCase() as `0x${string}`;
  const owner = privateKeyToAccount(generatePrivateKey());
  const stream = {
    name: "bench",
    originAddress: origin.address,
    salt: `0x${"00".repeat(31)}01` as const,
    maxBitrate: 50_000_000,
    deadline: Math.floor(Date.now() / 1000) + 600,
  };
  const { streamId } = await json(`${server.url}/v1/streams`, "POST", {
    ...stream,
    owner: owner.address,
    ownerSignature: await signCreateStream(owner, { chainId: CHAIN_ID, message: stream }),
  });
  const hash = (i: number) => `0x${(i + 1).toString(16).padStart(64, "0")}` as `0x${string}`;
  const entries = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const entry = { streamId, sequence: i, size: SEGMENT_BYTES, durationMs: 1000, hash: hash(i) };
      const signature = await origin.signTypedData({
        domain: relayStakingDomain(CHAIN_ID, STAKING),
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: { ...entry, sequence: BigInt(i) },
      });
      return { ...entry, signature };
    }),
  );
  await json(`${server.url}/v1/streams/${streamId}/manifest`, "POST", { entries });
  const { nonce } = await json(`${server.url}/v1/auth/nonce`, "GET");
  const message = createSiweMessage({
    address: relay.address,
    chainId: CHAIN_ID,
    domain: new URL(server.url).host,
    nonce,
    uri: server.url,
    version: "1",
    issuedAt: new Date(),
  });
  const { token } = await json(`${server.url}/v1/auth/login`, "POST", {
    message,
    signature: await relay.signMessage({ message }),
  });
  const auth = { authorization: `Bearer ${token}` };
  await json(
    `${server.url}/v1/relays/heartbeat`,
    "POST",
    {
      url: "http://127.0.0.1:9001",
      tier: 1,
      upstream: "http://127.0.0.1:9000",
      streams: [streamId],
      load: 0,
      bytesServed: 0,
      viewers: 0,
      version: "bench",
    },
    auth,
  );
  await json(
    `${server.url}/v1/relays/fetch-log`,
    "POST",
    {
      entries: Array.from({ length: 20 }, (_, i) => ({
        streamId,
        sequence: i,
        hash: hash(i),
        from: "http://127.0.0.1:9000",
        at: Date.now(),
      })),
    },
    auth,
  );

  // Sessions straight into Redis (the session route is not what is measured), receipts pre-signed.
  const now = Date.now();
  const privateKeys: KeyObject[] = [];
  const pipeline = redis.pipeline();
  for (let i = 0; i < SESSIONS; i++) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    privateKeys.push(privateKey);
    const session: StoredSession = {
      sessionId: `bench-${i}`,
      streamId,
      publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64url"),
      createdAt: now - 60_000,
      firstSequence: 10,
      relays: [relayAddress],
      viewerIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      addressOrdinal: 1,
      expiresAt: now + 3_600_000,
      relayEndpoints: [{ address: relayAddress, url: "http://127.0.0.1:9001", tier: 1 }],
    };
    pipeline.set(
      keys.session(session.sessionId),
      JSON.stringify(session),
      "PXAT",
      session.expiresAt,
    );
  }
  await pipeline.exec();
  const rounds: (Receipt & { signature: string })[][] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    rounds.push(
      privateKeys.map((key, i) => {
        const r = {
          sessionId: `bench-${i}`,
          relay: relayAddress,
          streamId,
          bytes: round * SEGMENT_BYTES,
          segments: round,
          lastSequence: 10 + round - 1,
          timestamp: now + round,
        };
        const signature = sign("sha256", encodeReceipt(r), {
          key,
          dsaEncoding: "ieee-p1363",
        }).toString("base64url");
        return { ...r, signature };
      }),
    );
  }
  const all = rounds.flat();

  // Raw: the same verifier on the same receipts, nothing else (fresh key cache, like the
  // coordinator's). Measured before and after the end-to-end run (the machine is shared), averaged.
  const publicKeys = new Map<string, string>();
  for (const k of await redis.mget(
    Array.from({ length: SESSIONS }, (_, i) => keys.session(`bench-${i}`)),
  )) {
    const s = JSON.parse(k!) as StoredSession;
    publicKeys.set(s.sessionId, s.publicKey);
  }
  let rawCpuUs = 0;
  const rawRun = async () => {
    const rawVerifier = createReceiptVerifier();
    const cpuBefore = processCpuUs();
    const started = performance.now();
    let valid = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < all.length) {
          const from = next;
          next += BATCH;
          const chunk = all.slice(from, from + BATCH).map((r) => ({
            publicKey: publicKeys.get(r.sessionId)!,
            receipt: r,
            signature: r.signature,
          }));
          const ok = (await rawVerifier.verifyMany(chunk)).filter(Boolean).length;
          valid += ok;
        }
      }),
    );
    if (valid !== all.length) throw new Error(`raw verify: ${valid} of ${all.length} valid`);
    rawCpuUs += processCpuUs() - cpuBefore;
    return (performance.now() - started) / 1000;
  };
  const rawBefore = await rawRun();

  // End to end: POST every round's batches (IN_FLIGHT at once), wait until all are credited.
  // Bodies are serialised beforehand: that is the relay's cost, not the coordinator's.
  const bodies = rounds.map((round) => {
    const out: string[] = [];
    for (let i = 0; i < round.length; i += BATCH)
      out.push(JSON.stringify({ receipts: round.slice(i, i + BATCH) }));
    return out;
  });
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))![1]);
  workers.start();
  const cpuBefore = processCpuUs() + pidCpuUs(redisPid);
  const t = performance.now();
  for (const batches of bodies) {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < batches.length) {
          const res = await fetch(`${server.url}/v1/receipts`, {
            method: "POST",
            headers: { "content-type": "application/json", ...auth },
            body: batches[next++]!,
          });
          if (res.status !== 202)
            throw new Error(`POST /v1/receipts: ${res.status} ${await res.text()}`);
        }
      }),
    );
  }
  const expected = String(ROUNDS * SESSIONS);
  for (;;) {
    const credited = await redis.hget(
      keys.relayReport(Math.floor(Date.now() / 3_600_000), relayAddress),
      "receipts:credited",
    );
    if (credited === expected && (await redis.xlen(keys.receiptStream())) === 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const e2eSeconds = (performance.now() - t) / 1000;
  const intakeCpuUs = processCpuUs() + pidCpuUs(redisPid) - cpuBefore;
  const verified = await redis.hget(
    keys.relayReport(Math.floor(Date.now() / 3_600_000), relayAddress),
    "verifiedBytes",
  );
  if (verified !== String(ROUNDS * SESSIONS * SEGMENT_BYTES))
    throw new Error(`credited ${verified} bytes`);
  await workers.stop();
  const rawSeconds = (rawBefore + (await rawRun())) / 2;

  // Epoch close of 100,000 (pool, relay) pairs through the Redis-backed closer.
  const prefix = "bench-close:";
  const closeKeys = redisKeys(prefix);
  const pools = new PoolStore(redis, closeKeys);
  const EPOCH = 1000;
  const fill = redis.pipeline();
  for (let p = 1; p <= 100; p++) {
    const stream = `0x${p.toString(16).padStart(64, "0")}`;
    await pools.saveChain(
      BigInt(p),
      {
        owner: relayAddress,
        token: relayAddress,
        ratePerGB: 1_000_000n,
        maxRatePerGB: 2_000_000n,
        epochBudget: p % 2 === 0 ? 0n : 5_000_000n,
        noticePeriod: 3600,
        balance: 10n ** 24n,
        closesAt: 0,
      },
      1,
    );
    await pools.linkStream(stream, BigInt(p));
    const fields: string[] = [];
    for (let r = 1; r <= 1000; r++)
      fields.push(`${stream}|0x${r.toString(16).padStart(40, "0")}`, String(1_000_000 + r * 997));
    for (let i = 0; i < fields.length; i += 2)
      fill.hset(
        closeKeys.epochCredits(EPOCH, ledgerShard(fields[i]!.slice(fields[i]!.indexOf("|") + 1))),
        fields[i]!,
        fields[i + 1]!,
      );
  }
  fill.set(closeKeys.closedThrough(), String(EPOCH - 1));
  await fill.exec();
  const schedule = { genesisMs: 0, lengthMs: 1000 };
  const closer = createEpochCloser({
    ledger: new EpochLedger(redis, closeKeys, schedule, { leaderboardTtlSeconds: 86400 }),
    pools,
    clock: () => (EPOCH + 2) * 1000,
    logger,
    closeDelayMs: 0,
  });
  const closeStarted = performance.now();
  const closed = await closer.closeDue();
  const closeMs = performance.now() - closeStarted;
  if (closed !== EPOCH) throw new Error("the epoch did not close");
  let entries100k = 0;
  for (const n of ALL_LEDGER_SHARDS) entries100k += await redis.hlen(closeKeys.ledger(n));
  if (entries100k !== 100_000) throw new Error(`ledger has ${entries100k} entries`);

  const receiptsPerSecond = all.length / e2eSeconds;
  const rawPerSecond = all.length / rawSeconds;
  const intakeCpuPerReceipt = intakeCpuUs / all.length;
  const rawCpuPerVerify = rawCpuUs / (2 * all.length);
  report(
    "receipts",
    [
      {
        key: "receiptsPerSecond",
        value: Math.round(receiptsPerSecond),
        unit: "receipts/s",
        note: `${all.length} receipts, ${SESSIONS} sessions x ${ROUNDS} rounds, batches of ${BATCH} over HTTP, until credited`,
      },
      {
        key: "rawVerifyPerSecond",
        value: Math.round(rawPerSecond),
        unit: "verifies/s",
        note: "same receipts, verifyMany (node:crypto, thread pool), same batches in flight, fresh key cache; mean of runs before and after",
      },
      {
        key: "verifyRatio",
        value: Number((receiptsPerSecond / rawPerSecond).toFixed(3)),
        unit: "x",
        target: { value: 0.8, better: "higher" },
      },
      {
        key: "intakeCpuPerReceiptUs",
        value: Math.round(intakeCpuPerReceipt),
        unit: "µs",
        note: "CPU per receipt end to end: this process (app, workers, thread pool, the bench's HTTP client) + redis-server",
      },
      {
        key: "rawCpuPerVerifyUs",
        value: Math.round(rawCpuPerVerify),
        unit: "µs",
        note: "CPU per verify of the raw runs (this process, thread pool included)",
      },
      {
        key: "cpuRatio",
        value: Number((rawCpuPerVerify / intakeCpuPerReceipt).toFixed(3)),
        unit: "x",
        note: "rawCpuPerVerifyUs / intakeCpuPerReceiptUs: verifyRatio with every core busy in both runs",
      },
      {
        key: "epochClose100kMs",
        value: Math.round(closeMs),
        unit: "ms",
        target: { value: 5000, better: "lower" },
        note: "100 pools x 1,000 relays: read 16 shards, closeEpoch, fenced plan, per-shard and per-pool commits",
      },
    ],
    values.json,
  );
} finally {
  await workers.stop().catch(() => undefined);
  await server.close();
  redis.disconnect();
  await redisServer.stop();
}
