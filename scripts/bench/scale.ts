/**
 * What one machine holds end to end on Redis Cluster (issue 13): a local cluster (3 primaries,
 * 1 replica each, scripts/lib/redis-cluster.ts), two coordinator processes on it
 * (REDIS_WAIT_REPLICAS=1, 10 s epochs), streams with signed manifests, N signed-in relays and
 * V viewer sessions with their own P-256 keys. Every viewer signs a real cumulative receipt
 * every 2 s (in worker threads, viewers spread over 4 phases of 500 ms); each relay POSTs its
 * viewers' receipts as they come, one request in flight, alternating between the two
 * coordinators (and retrying on the other one when a request fails). Midway the primary of a
 * relay's ledger shard is SIGKILLed and the bench waits for its replica to take over.
 *
 * Figures: viewersHeld (every receipt of the viewer credited within --deadline-ms of being
 * signed; credits are polled from each relay's epoch reports every second), receiptsPerSecond
 * (credited, over the measured window), intakeP99Ms (POST /v1/receipts answered 202),
 * epochCloseMs (an epoch's end + EPOCH_CLOSE_DELAY_MS to GET /v1/epochs/current showing it in
 * lastClosed, polled every 250 ms: worst and median), failoverLostReceipts (acknowledged but
 * never credited, from every session's stored baseline after draining; must be 0),
 * failoverDoubleCredits (credited bytes over the sessions' baselines; must be 0), CPU per
 * process kind (signing, coordinators, Redis) from /proc and process.cpuUsage, Redis commands
 * per receipt batch and used_memory per viewer, and the machine's load.
 *
 *   node scripts/bench/scale.ts [--relays 100] [--viewers 10000] [--seconds 30] [--json]
 *     [--signers 1] [--replicas 1] [--deadline-ms 4000] [--segment-bytes 100000]
 *     [--claim-idle-ms 30000] (RECEIPT_CLAIM_IDLE_MS: when a batch whose write failed is retried)
 *
 * With one replica per primary the promoted replica has none left, so REDIS_WAIT_REPLICAS=1
 * fails every write of that shard until the killed node is restarted (it rejoins as the new
 * primary's replica): the bench restarts it right after the failover, as an operator's
 * supervisor would, and reports when replication was back (replicaBackMs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Cluster, Redis } from "ioredis";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeReceipt } from "@streamrp2p/protocol";
import { redisKeys } from "../../coordinator/src/store/keys.ts";
import type { StoredSession } from "../../coordinator/src/store/session-store.ts";
import {
  CHAIN_ID,
  createStreamBody,
  hash32,
  newAccount,
  signEntry,
  STAKING_ADDRESS,
} from "../../coordinator/test/support/harness.ts";
import { http, loginAt } from "../../coordinator/test/support/world.ts";
import { startRedisCluster, type RedisCluster } from "../lib/redis-cluster.ts";
import { freePort } from "../lib/service.ts";
import { report, type Figure } from "./report.ts";

const CADENCE_MS = 2000;
const PHASES = 4;
const EPOCH_SECONDS = 10;
const CLOSE_DELAY_MS = 1000;
const REWARD_POOLS = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

// ---------------------------------------------------------------- signing worker
interface SignerInit {
  viewers: { index: number; sessionId: string; relay: string; streamId: string }[];
  segmentBytes: number;
}
interface SignRequest {
  phase: number;
  timestamp: number;
}
export interface SignedOut {
  /** Per relay: [viewer index, round, JSON receipt]. signMs: this thread's CPU time. */
  byRelay: [relay: string, items: [number, number, string][]][];
  signMs: number;
}

function runSigner(): void {
  const init = workerData as SignerInit;
  const keys = init.viewers.map(() => generateKeyPairSync("ec", { namedCurve: "prime256v1" }));
  const rounds = new Array<number>(init.viewers.length).fill(0);
  parentPort!.postMessage({
    publicKeys: keys.map((k) =>
      k.publicKey.export({ type: "spki", format: "der" }).toString("base64url"),
    ),
  });
  parentPort!.on("message", ({ phase, timestamp }: SignRequest) => {
    const started = process.threadCpuUsage();
    const byRelay = new Map<string, [number, number, string][]>();
    init.viewers.forEach((v, i) => {
      if (v.index % PHASES !== phase) return;
      const round = ++rounds[i]!;
      const r = {
        sessionId: v.sessionId,
        relay: v.relay as `0x${string}`,
        streamId: v.streamId as `0x${string}`,
        bytes: round * init.segmentBytes,
        segments: round,
        lastSequence: round - 1,
        timestamp,
      };
      const signature = sign("sha256", encodeReceipt(r), {
        key: keys[i]!.privateKey,
        dsaEncoding: "ieee-p1363",
      }).toString("base64url");
      let list = byRelay.get(v.relay);
      if (!list) byRelay.set(v.relay, (list = []));
      list.push([v.index, round, JSON.stringify({ ...r, signature })]);
    });
    const used = process.threadCpuUsage(started);
    const out: SignedOut = { byRelay: [...byRelay], signMs: (used.user + used.system) / 1000 };
    parentPort!.postMessage(out);
  });
}

// ---------------------------------------------------------------- helpers
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAIN = path.resolve(import.meta.dirname, "../../coordinator/src/main.ts");
const CLK_TCK = 100;

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function must(res: Promise<{ status: number; body: any }>, want: number, what: string) {
  const r = await res;
  if (r.status !== want) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      relays: { type: "string", default: "100" },
      viewers: { type: "string", default: "10000" },
      seconds: { type: "string", default: "30" },
      signers: { type: "string", default: "1" },
      replicas: { type: "string", default: "1" },
      "claim-idle-ms": { type: "string", default: "30000" },
      "deadline-ms": { type: "string", default: String(2 * CADENCE_MS) },
      "segment-bytes": { type: "string", default: "100000" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    const header = readFileSync(new URL(import.meta.url), "utf8").split("*/")[0]!;
    process.stdout.write(`${header.replace(/^\/\*\*\n?/, "").replace(/^ \* ?/gm, "")}\n`);
    return;
  }
  const RELAYS = Number(values.relays);
  const VIEWERS = Number(values.viewers);
  const SECONDS = Number(values.seconds);
  const SIGNERS = Math.max(1, Number(values.signers));
  const REPLICAS = Math.max(1, Number(values.replicas));
  const DEADLINE_MS = Number(values["deadline-ms"]);
  const SEG = Number(values["segment-bytes"]);
  if (![RELAYS, VIEWERS, SECONDS].every((n) => Number.isInteger(n) && n > 0))
    throw new Error("--relays, --viewers and --seconds take positive integers");
  if (SECONDS > 500) throw new Error("--seconds: at most 500 (the manifest is published ahead)");
  const log = (msg: string) => {
    if (!values.json)
      process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  };

  const children: ChildProcess[] = [];
  const workers: Worker[] = [];
  let cluster: RedisCluster | undefined;
  let redis: Cluster | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      for (const w of workers) await w.terminate().catch(() => undefined);
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        ),
      );
      redis?.disconnect();
      await cluster?.stop().catch(() => undefined);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    log(`starting Redis Cluster (3 primaries, ${REPLICAS} replica(s) each)`);
    cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: REPLICAS });
    redis = new Cluster(cluster.seeds, { redisOptions: { maxRetriesPerRequest: 20 } });
    redis.on("error", () => undefined);
    const c = cluster;

    /** INFO of every live node, with its role. */
    const nodeInfos = async () => {
      const out: {
        port: number;
        role: string;
        pid: number;
        usedMemory: number;
        commands: number;
      }[] = [];
      for (const node of c.nodes) {
        const client = new Redis({
          port: node.port,
          host: "127.0.0.1",
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          connectTimeout: 500,
        });
        client.on("error", () => undefined);
        try {
          await client.connect();
          const info = String(await client.info());
          const field = (name: string) =>
            info.match(new RegExp(`^${name}:(.*)$`, "m"))?.[1]?.trim() ?? "";
          out.push({
            port: node.port,
            role: field("role"),
            pid: Number(field("process_id")),
            usedMemory: Number(field("used_memory")),
            commands: Number(field("total_commands_processed")),
          });
        } catch {
          // a killed node
        } finally {
          client.disconnect();
        }
      }
      return out;
    };
    const primariesMemory = async () =>
      (await nodeInfos()).filter((n) => n.role === "master").reduce((s, n) => s + n.usedMemory, 0);

    const attestorKey = generatePrivateKey();
    const env = {
      REDIS_CLUSTER_NODES: c.seeds.map((s) => `${s.host}:${s.port}`).join(","),
      REDIS_WAIT_REPLICAS: "1",
      COORDINATOR_HOST: "127.0.0.1",
      STAKING_ADDRESS,
      CHAIN_ID: String(CHAIN_ID),
      REQUIRE_STAKE: "false",
      RELAY_PROBE: "false", // the bench's relays advertise URLs nobody serves
      TRUST_PROXY: "loopback",
      RATE_LIMIT_MAX: "1000000",
      BODY_LIMIT_BYTES: String(16 * 1024 * 1024),
      EPOCH_SECONDS: String(EPOCH_SECONDS),
      EPOCH_CLOSE_DELAY_MS: String(CLOSE_DELAY_MS),
      MANIFEST_SLACK_MS: "600000", // the whole run's manifest is published up front
      AUDIT_INTERVAL_MS: "0", // nobody serves the relays' URLs
      RELAY_LIVE_SECONDS: "3600",
      SESSION_TTL_SECONDS: "7200",
      ATTESTOR_PRIVATE_KEYS: attestorKey,
      REWARD_POOLS_ADDRESS: REWARD_POOLS,
      // A batch whose write failed (WAIT) stays pending this long before it is retried.
      RECEIPT_CLAIM_IDLE_MS: String(Number(values["claim-idle-ms"])),
      LOG_LEVEL: "silent",
    };
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      const child = spawn(process.execPath, [MAIN], {
        env: { ...process.env, ...env, COORDINATOR_PORT: String(port) },
        stdio: ["ignore", "ignore", "inherit"],
      });
      children.push(child);
      const until = Date.now() + 90_000;
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > until || child.exitCode !== null)
          throw new Error("coordinator did not start");
        await sleep(100);
      }
    }
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    log(`coordinators on ${urls.join(", ")}`);

    // Streams, each with the run's whole manifest (one 2 s segment per receipt round).
    const STREAMS = Math.max(1, Math.min(10, Math.ceil(RELAYS / 10)));
    const SEGMENTS = Math.ceil((SECONDS + 120) / 2) + 10;
    const streams: `0x${string}`[] = [];
    for (let s = 0; s < STREAMS; s++) {
      const origin = newAccount();
      const owner = newAccount();
      const created = await must(
        http(
          urls[s % 2]!,
          "POST",
          "/v1/streams",
          await createStreamBody(owner, origin, { name: `scale-${s}` }),
        ),
        201,
        "create stream",
      );
      const streamId = created.streamId as `0x${string}`;
      const entries = await Promise.all(
        Array.from({ length: SEGMENTS }, (_, i) =>
          signEntry(origin, {
            streamId,
            sequence: i,
            size: SEG,
            durationMs: CADENCE_MS,
            hash: hash32(i + 1),
          }),
        ),
      );
      for (let i = 0; i < entries.length; i += 200)
        await must(
          http(urls[0]!, "POST", `/v1/streams/${streamId}/manifest`, {
            entries: entries.slice(i, i + 200),
          }),
          202,
          "manifest",
        );
      streams.push(streamId);
    }
    log(`${STREAMS} streams, ${SEGMENTS} segments each`);

    // Relays: signed in (SIWE), heartbeat naming their stream, fetch log of every segment.
    const relays = Array.from({ length: RELAYS }, (_, i) => ({
      account: newAccount(),
      address: "" as `0x${string}`,
      token: "",
      streamId: streams[i % STREAMS]!,
    }));
    const heartbeat = (r: (typeof relays)[number], i: number) =>
      must(
        http(
          urls[i % 2]!,
          "POST",
          "/v1/relays/heartbeat",
          {
            url: `http://127.0.0.1:${10_000 + i}`,
            tier: 1,
            upstream: "http://127.0.0.1:9000",
            streams: [r.streamId],
            load: 0,
            bytesServed: 0,
            viewers: 0,
            version: "bench-scale",
          },
          { authorization: `Bearer ${r.token}` },
        ),
        200,
        "heartbeat",
      ).catch(() => undefined);
    await pool(relays, 8, async (r, i) => {
      r.address = r.account.address.toLowerCase() as `0x${string}`;
      r.token = await loginAt(urls[i % 2]!, r.account);
      await heartbeat(r, i);
      const at = Date.now();
      for (let s = 0; s < SEGMENTS; s += 500)
        await must(
          http(
            urls[i % 2]!,
            "POST",
            "/v1/relays/fetch-log",
            {
              entries: Array.from({ length: Math.min(500, SEGMENTS - s) }, (_, k) => ({
                streamId: r.streamId,
                sequence: s + k,
                hash: hash32(s + k + 1),
                from: "http://127.0.0.1:9000",
                at,
              })),
            },
            { authorization: `Bearer ${r.token}` },
          ),
          202,
          "fetch-log",
        ).catch(async (e) => {
          // some versions answer 200
          if (!String(e).includes(": 200 ")) throw e;
        });
    });
    log(`${RELAYS} relays signed in`);

    // Viewers: keys made in the signing workers; sessions stored straight into Redis (the
    // session route's relay ranking and per-address cap are not what is measured).
    const memBeforeSessions = await primariesMemory();
    const viewers = Array.from({ length: VIEWERS }, (_, index) => {
      const relay = relays[index % RELAYS]!;
      return {
        index,
        sessionId: randomBytes(16).toString("hex"),
        relay: relay.address,
        streamId: relay.streamId,
      };
    });
    const publicKeys = new Array<string>(VIEWERS);
    const signers: { worker: Worker; pending?: (out: SignedOut) => void }[] = [];
    await Promise.all(
      Array.from({ length: SIGNERS }, async (_, w) => {
        const mine = viewers.filter((v) => v.index % SIGNERS === w);
        const worker = new Worker(new URL(import.meta.url), {
          workerData: { viewers: mine, segmentBytes: SEG } satisfies SignerInit,
        });
        workers.push(worker);
        const signer: (typeof signers)[number] = { worker };
        signers.push(signer);
        await new Promise<void>((resolve, reject) => {
          worker.once("error", reject);
          worker.once("message", (m: { publicKeys: string[] }) => {
            m.publicKeys.forEach((k, i) => (publicKeys[mine[i]!.index] = k));
            resolve();
          });
        });
        worker.on("message", (out: SignedOut) => signer.pending?.(out));
      }),
    );
    const keys = redisKeys("sp2p:");
    const now = Date.now();
    await pool(
      Array.from({ length: Math.ceil(VIEWERS / 500) }, (_, i) => i),
      4,
      async (chunk) => {
        await Promise.all(
          viewers.slice(chunk * 500, chunk * 500 + 500).map((v) => {
            const session: StoredSession = {
              sessionId: v.sessionId,
              streamId: v.streamId,
              publicKey: publicKeys[v.index]!,
              createdAt: now,
              firstSequence: 0,
              relays: [v.relay as `0x${string}`],
              viewerIp: `10.${(v.index >> 16) & 255}.${(v.index >> 8) & 255}.${v.index & 255}`,
              addressOrdinal: 1,
              expiresAt: now + 7_200_000,
              relayEndpoints: [
                { address: v.relay as `0x${string}`, url: "http://127.0.0.1:9001", tier: 1 },
              ],
            };
            return redis!.set(
              keys.session(v.sessionId),
              JSON.stringify(session),
              "PXAT",
              session.expiresAt,
            );
          }),
        );
      },
    );
    const memAfterSessions = await primariesMemory();
    log(`${VIEWERS} sessions open (${SIGNERS} signing worker${SIGNERS > 1 ? "s" : ""})`);

    // ------------------------------------------------------------ relays' senders
    interface Batch {
      items: [number, number, string][];
      signedAt: number;
      /** The relay's acknowledged bytes once this batch is in. */
      cumBytes: number;
      creditedAt?: number;
    }
    const relayState = new Map(
      relays.map((r, i) => [
        r.address,
        {
          index: i,
          relay: r,
          queue: [] as { items: [number, number, string][]; signedAt: number }[],
          busy: false,
          posts: 0,
          ackedBytes: 0,
          batches: [] as Batch[],
          creditedBytes: 0,
          byEpoch: new Map<number, number>(),
        },
      ]),
    );
    const intakeMs: number[] = [];
    let postErrors = 0;
    const errorKinds = new Map<string, number>();
    const noteError = (what: string) => {
      const kind = what.replace(/[0-9a-f]{40,}/g, "…").replace(/\d{3,}/g, "N");
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    let receiptsAcked = 0;
    let batchesAcked = 0;
    const ackedRound = new Int32Array(VIEWERS);
    const pump = (state: NonNullable<ReturnType<typeof relayState.get>>) => {
      if (state.busy || state.queue.length === 0) return;
      state.busy = true;
      const parts = state.queue.splice(0);
      const items = parts.flatMap((p) => p.items);
      const body = `{"receipts":[${items.map((it) => it[2]).join(",")}]}`;
      void (async () => {
        for (let attempt = 0; ; attempt++) {
          const url = urls[(state.posts++ + state.index) % 2]!;
          const started = performance.now();
          const status = await fetch(`${url}/v1/receipts`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${state.relay.token}`,
            },
            body,
            signal: AbortSignal.timeout(10_000),
          }).then(
            async (res) => {
              const text = await res.text();
              if (res.status !== 202) noteError(`${res.status} ${text.slice(0, 200)}`);
              return res.status;
            },
            (e: unknown) => (noteError(String(e).slice(0, 200)), 0),
          );
          if (status === 202) {
            intakeMs.push(performance.now() - started);
            break;
          }
          postErrors++;
          await sleep(Math.min(1000, 50 * (attempt + 1)));
        }
        state.ackedBytes += items.length * SEG;
        receiptsAcked += items.length;
        batchesAcked++;
        for (const [v, round] of items) ackedRound[v] = Math.max(ackedRound[v]!, round);
        for (const p of parts)
          state.batches.push({ items: p.items, signedAt: p.signedAt, cumBytes: state.ackedBytes });
        state.busy = false;
        pump(state);
      })();
    };
    let signMs = 0;
    let ticks = 0;
    const signPhase = async (phase: number) => {
      const timestamp = Date.now();
      const outs = await Promise.all(
        signers.map(
          (s) =>
            new Promise<SignedOut>((resolve) => {
              s.pending = resolve;
              s.worker.postMessage({ phase, timestamp } satisfies SignRequest);
            }),
        ),
      );
      for (const out of outs) {
        signMs += out.signMs;
        for (const [relay, items] of out.byRelay) {
          const state = relayState.get(relay as `0x${string}`)!;
          state.queue.push({ items, signedAt: timestamp });
          pump(state);
        }
      }
    };

    // ------------------------------------------------------------ credit poller
    const epochOf = (t: number) => Math.floor(t / (EPOCH_SECONDS * 1000));
    const firstEpoch = epochOf(Date.now());
    const pollCredits = async () => {
      const current = epochOf(Date.now());
      const epochs = [current - 2, current - 1, current, current + 1].filter(
        (e) => e >= firstEpoch,
      );
      await Promise.all(
        [...relayState.values()].map(async (state) => {
          try {
            const got = await Promise.all(
              epochs.map((e) =>
                redis!.hget(keys.relayReport(e, state.relay.address), "verifiedBytes"),
              ),
            );
            epochs.forEach((e, i) => state.byEpoch.set(e, Number(got[i] ?? 0)));
          } catch {
            return; // failover in progress
          }
          let sum = 0;
          for (const v of state.byEpoch.values()) sum += v;
          state.creditedBytes = sum;
          const at = Date.now();
          for (const b of state.batches)
            if (b.creditedAt === undefined && b.cumBytes <= sum) b.creditedAt = at;
        }),
      );
    };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = Date.now();
        await pollCredits();
        await sleep(Math.max(0, 1000 - (Date.now() - t)));
      }
    })();

    // Epoch closes: from the epoch's end + close delay to lastClosed moving, seen every 250 ms.
    const closeMs: number[] = [];
    let watchingCloses = true;
    const closeWatcher = (async () => {
      let last: number | null | undefined;
      while (watchingCloses) {
        const res = await http(urls[1]!, "GET", "/v1/epochs/current").catch(() => undefined);
        const closed = res?.status === 200 ? (res.body.lastClosed as number | null) : undefined;
        if (closed !== undefined && closed !== null && last !== undefined && closed !== last) {
          const due = (closed + 1) * EPOCH_SECONDS * 1000 + CLOSE_DELAY_MS;
          if (closed >= firstEpoch) closeMs.push(Math.max(0, Date.now() - due));
        }
        if (closed !== undefined) last = closed;
        await sleep(250);
      }
    })();

    // ------------------------------------------------------------ the measured run
    const cpuNow = async () => {
      const infos = await nodeInfos();
      return {
        at: performance.now(),
        bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        coordinators: children.reduce((s, ch) => s + cpuMsOf(ch.pid), 0),
        redisByPid: new Map(infos.map((n) => [n.pid, cpuMsOf(n.pid)])),
        commands: infos.filter((n) => n.role === "master").reduce((s, n) => s + n.commands, 0),
        sign: signMs,
      };
    };
    const shardPrimary = await c.primaryFor(keys.relayReport(0, relays[0]!.address));
    const intakePrimary = await c.primaryFor(keys.receiptStream());
    const epochsPrimary = await c.primaryFor(keys.closedThrough());
    const shardsOnVictim = (
      await Promise.all(relays.map((r) => c.primaryFor(keys.relayReport(0, r.address))))
    ).filter((p) => p === shardPrimary).length;
    log(
      `the victim ${shardPrimary} serves ${shardsOnVictim} of ${RELAYS} relays' ledger shards` +
        `${intakePrimary === shardPrimary ? ", the receipt stream" : ""}` +
        `${epochsPrimary === shardPrimary ? ", the {epochs} keys" : ""}`,
    );
    log(
      `measuring ${SECONDS} s; primary ${shardPrimary} (ledger shard of relay 0) dies at ${SECONDS / 2} s`,
    );
    const cpu0 = await cpuNow();
    const credited0 = [...relayState.values()].reduce((s, st) => s + st.creditedBytes, 0);
    const t0 = Date.now();
    let cpuKill: Awaited<ReturnType<typeof cpuNow>> | undefined;
    let batchesAtKill = 0;
    let receiptsAtKill = 0;
    let failoverMs = 0;
    let replicatedMs = 0;
    let killAt = Infinity;
    let killed: Promise<void> | undefined;
    while (Date.now() - t0 < SECONDS * 1000) {
      const due = t0 + ticks * (CADENCE_MS / PHASES);
      await sleep(Math.max(0, due - Date.now()));
      await signPhase(ticks % PHASES);
      ticks++;
      if (!killed && Date.now() - t0 >= (SECONDS * 1000) / 2) {
        cpuKill = await cpuNow();
        batchesAtKill = batchesAcked;
        receiptsAtKill = receiptsAcked;
        const k = Date.now();
        killAt = k;
        killed = c
          .killNode(shardPrimary)
          .then(() => c.waitForFailover(shardPrimary, 60_000))
          .then(() => {
            failoverMs = Date.now() - k;
            log(`failover done in ${failoverMs} ms; restarting the killed node as a replica`);
            return c.restartNode(shardPrimary, 60_000);
          })
          .then(() => {
            replicatedMs = Date.now() - k;
            log(`every primary has a replica again ${replicatedMs} ms after the kill`);
          });
      }
    }
    const tEnd = Date.now();
    await pollCredits();
    const cpu1 = await cpuNow();
    const creditedInWindow =
      ([...relayState.values()].reduce((s, st) => s + st.creditedBytes, 0) - credited0) / SEG;
    await killed;
    log("draining");

    // ------------------------------------------------------------ drain and account
    const drainUntil = Date.now() + 120_000;
    for (;;) {
      const queued = [...relayState.values()].some((s) => s.busy || s.queue.length > 0);
      const backlogs = await Promise.all(
        urls.map((u) =>
          http(u, "GET", "/v1/epochs/current").then(
            (r) => r.body?.backlog,
            () => -1,
          ),
        ),
      );
      const done = [...relayState.values()].every((s) => s.creditedBytes >= s.ackedBytes);
      if (!queued && backlogs.every((b) => b === 0) && done) break;
      if (Date.now() > drainUntil) {
        log("drain timed out");
        break;
      }
      await sleep(500);
    }
    polling = false;
    await poller;
    watchingCloses = false;
    await closeWatcher;
    await pollCredits(); // a last look, epochs still in the window

    // Every session's stored baseline against its last acknowledged receipt.
    let lostReceipts = 0;
    let storedBytesTotal = 0;
    const storedByRelay = new Map<string, number>();
    await pool(
      Array.from({ length: Math.ceil(VIEWERS / 500) }, (_, i) => i),
      4,
      async (chunk) => {
        const slice = viewers.slice(chunk * 500, chunk * 500 + 500);
        const got = await Promise.all(
          slice.map((v) => redis!.hget(keys.sessionState(v.sessionId, v.relay), v.relay)),
        );
        slice.forEach((v, i) => {
          const bytes = got[i] ? (JSON.parse(got[i]!) as { bytes: number }).bytes : 0;
          storedBytesTotal += bytes;
          storedByRelay.set(v.relay, (storedByRelay.get(v.relay) ?? 0) + bytes);
          lostReceipts += Math.max(0, ackedRound[v.index]! * SEG - bytes) / SEG;
        });
      },
    );
    // Credits over every epoch of the run (the poller only keeps a sliding window fresh).
    const lastEpoch = epochOf(Date.now()) + 1;
    let doubleCredits = 0;
    let creditedTotal = 0;
    let withheldBytes = 0;
    await pool([...relayState.values()], 8, async (state) => {
      let credited = 0;
      for (let e = firstEpoch; e <= lastEpoch; e++) {
        const [v, r] = await redis!.hmget(
          keys.relayReport(e, state.relay.address),
          "verifiedBytes",
          "rejectedBytes",
        );
        credited += Number(v ?? 0);
        withheldBytes += Number(r ?? 0);
        if (Number(r ?? 0) > 0 && !values.json) {
          const all = await redis!.hgetall(keys.relayReport(e, state.relay.address));
          log(`epoch ${e} relay ${state.index}: ${JSON.stringify(all).slice(0, 600)}`);
        }
      }
      creditedTotal += credited;
      doubleCredits += Math.max(0, credited - (storedByRelay.get(state.relay.address) ?? 0)) / SEG;
    });
    lostReceipts += withheldBytes / SEG;

    // Viewers held: every acknowledged receipt credited within the deadline of being signed,
    // and every receipt signed in the window acknowledged.
    const late = new Set<number>();
    const lateBeforeKill = new Set<number>();
    const lateWhen = new Map<string, number>();
    const creditLatency: number[] = [];
    for (const state of relayState.values())
      for (const b of state.batches) {
        const latency = (b.creditedAt ?? Infinity) - b.signedAt;
        creditLatency.push(latency);
        if (latency > DEADLINE_MS) for (const [v] of b.items) late.add(v);
        if (latency > DEADLINE_MS && b.signedAt + DEADLINE_MS < killAt) {
          for (const [v] of b.items) lateBeforeKill.add(v);
          const key = `signed at +${((b.signedAt - t0) / 1000).toFixed(1)} s (epoch +${((b.signedAt % (EPOCH_SECONDS * 1000)) / 1000).toFixed(1)} s)`;
          lateWhen.set(key, Math.max(lateWhen.get(key) ?? 0, latency));
        }
      }
    for (let v = 0; v < VIEWERS; v++) if (ackedRound[v] === 0) late.add(v);
    const memAfterRun = await primariesMemory();
    for (const [when, ms] of [...lateWhen].sort())
      log(`late before the kill: batches ${when}, up to ${Math.round(ms)} ms`);
    for (const [kind, n] of errorKinds) log(`POST /v1/receipts failed ${n}x: ${kind}`);
    if (withheldBytes > 0) log(`withheld: ${withheldBytes / SEG} receipts' bytes`);

    // CPU over the measured window, by process kind.
    const wall = cpu1.at - cpu0.at;
    const redisMs = [...cpu1.redisByPid].reduce(
      (s, [pid, ms]) => s + Math.max(0, ms - (cpu0.redisByPid.get(pid) ?? 0)),
      0,
    );
    const coordinatorMs = cpu1.coordinators - cpu0.coordinators;
    const signDelta = cpu1.sign - cpu0.sign;
    const benchMs = cpu1.bench - cpu0.bench;
    const receiptsInWindow = Math.max(1, creditedInWindow);
    const opsPerBatch =
      cpuKill && batchesAtKill > 0 ? (cpuKill.commands - cpu0.commands) / batchesAtKill : 0;
    const opsPerReceipt =
      cpuKill && receiptsAtKill > 0 ? (cpuKill.commands - cpu0.commands) / receiptsAtKill : 0;
    const perK = (ms: number) => Number(((ms / receiptsInWindow) * 1000).toFixed(1));
    const [load1, load5] = os.loadavg();

    const figures: Figure[] = [
      {
        key: "viewers",
        value: VIEWERS,
        unit: "sessions",
        note: `${RELAYS} relays, ${STREAMS} streams, a receipt every 2 s each`,
      },
      {
        key: "viewersHeld",
        value: VIEWERS - late.size,
        unit: "sessions",
        note: `every receipt credited within ${DEADLINE_MS} ms of signing (polled each 1 s)`,
      },
      {
        key: "viewersHeldBeforeKill",
        value: VIEWERS - lateBeforeKill.size,
        unit: "sessions",
        note: "the same, counting only receipts whose deadline passed before the primary was killed",
      },
      {
        key: "receiptsOffered",
        value: Math.round(VIEWERS / (CADENCE_MS / 1000)),
        unit: "receipts/s",
      },
      {
        key: "receiptsPerSecond",
        value: Math.round(creditedInWindow / ((tEnd - t0) / 1000)),
        unit: "receipts/s",
        note: `credited during the ${SECONDS} s window`,
      },
      {
        key: "creditLatencyP50Ms",
        value: Math.round(percentile(creditLatency, 50)),
        unit: "ms",
      },
      {
        key: "creditLatencyP99Ms",
        value: Math.round(percentile(creditLatency, 99)),
        unit: "ms",
        note: "signed -> seen credited, per batch",
      },
      { key: "intakeP50Ms", value: Math.round(percentile(intakeMs, 50)), unit: "ms" },
      {
        key: "intakeP99Ms",
        value: Math.round(percentile(intakeMs, 99)),
        unit: "ms",
        note: `POST /v1/receipts answered 202 (${intakeMs.length}; ${postErrors} failed and retried)`,
      },
      {
        key: "epochCloseMs",
        value: Math.round(Math.max(0, ...closeMs)),
        unit: "ms",
        note: `worst of ${closeMs.length}: epoch end + ${CLOSE_DELAY_MS} ms delay -> lastClosed (polled 250 ms)`,
      },
      { key: "epochCloseP50Ms", value: Math.round(percentile(closeMs, 50)), unit: "ms" },
      {
        key: "failoverMs",
        value: failoverMs,
        unit: "ms",
        note: "SIGKILL of a ledger-shard primary -> replica serves, cluster ok",
      },
      {
        key: "failoverLostReceipts",
        value: lostReceipts,
        unit: "receipts",
        note: "acknowledged (202) but not credited, after draining",
      },
      {
        key: "failoverDoubleCredits",
        value: doubleCredits,
        unit: "receipts",
        note: "credited bytes over the sessions' baselines",
      },
      {
        key: "receiptsAcked",
        value: receiptsAcked,
        unit: "receipts",
        note: `${creditedTotal / SEG} credited in all`,
      },
      {
        key: "signCores",
        value: Number((signDelta / wall).toFixed(2)),
        unit: "cores",
        note: `${perK(signDelta)} ms per 1,000 receipts (${SIGNERS} worker)`,
      },
      {
        key: "coordinatorCores",
        value: Number((coordinatorMs / wall).toFixed(2)),
        unit: "cores",
        note: `2 processes, ${perK(coordinatorMs)} ms per 1,000 receipts`,
      },
      {
        key: "receiptsPerCoordinatorCoreSecond",
        value: Math.round((receiptsInWindow / Math.max(1, coordinatorMs)) * 1000),
        unit: "receipts/s",
        note: "credited receipts per CPU-second of the coordinator processes (HTTP, verify, apply, closes)",
      },
      {
        key: "redisCores",
        value: Number((redisMs / wall).toFixed(2)),
        unit: "cores",
        note: `${3 * (1 + REPLICAS)} nodes, ${perK(redisMs)} ms per 1,000 receipts`,
      },
      {
        key: "benchCores",
        value: Number((benchMs / wall).toFixed(2)),
        unit: "cores",
        note: "this process, signing workers included",
      },
      {
        key: "redisOpsPerBatch",
        value: Number(opsPerBatch.toFixed(1)),
        unit: "commands",
        note: `primaries, before the kill; ${opsPerReceipt.toFixed(2)} per receipt`,
      },
      {
        key: "redisBytesPerViewer",
        value: Math.round((memAfterRun - memBeforeSessions) / VIEWERS),
        unit: "bytes",
        note: `used_memory of the primaries; sessions alone ${Math.round((memAfterSessions - memBeforeSessions) / VIEWERS)}`,
      },
      {
        key: "loadavg1",
        value: Number(load1!.toFixed(2)),
        unit: "",
        note: `5 min ${load5!.toFixed(2)}`,
      },
      { key: "cpus", value: os.cpus().length, unit: "" },
    ];
    report("scale", figures, values.json);
  } finally {
    await cleanup();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
} else {
  runSigner();
}
